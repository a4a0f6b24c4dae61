import type { RouteOptions } from 'fastify';
import type { App } from '../types.ts';

/**
 * Fastify answers a known path with another method 404 (fastify#862: its router keeps one tree per
 * method). Clients and fuzzers expect 405 with `Allow`, so every route is noted as it is added and
 * the not-found handler asks here before answering 404. The patterns are matched as the router
 * matches them: case-sensitive, no trailing-slash folding, `:param` one segment of at most
 * `maxParamLength` characters (a longer one is a 404 on every method).
 */
export interface RouteMethods {
  /** The methods the path accepts, in a fixed order, or undefined when no route has this path. */
  allowedFor(path: string): string[] | undefined;
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const inOrder = (methods: Set<string>) => [...ORDER.filter((m) => methods.has(m)), ...[...methods].filter((m) => !ORDER.includes(m)).sort()];

function patternOf(url: string, maxParamLength: number): RegExp {
  const source = url
    .split(/(:[A-Za-z_$][\w$]*|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return `[^/]{1,${maxParamLength}}`;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** Must be installed before the routes: `onRoute` sees only routes added after it. */
export function collectRouteMethods(app: App, maxParamLength: number): RouteMethods {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route: RouteOptions) => {
    let entry = routes.get(route.url);
    if (!entry) {
      entry = { pattern: patternOf(route.url, maxParamLength), methods: new Set() };
      routes.set(route.url, entry);
    }
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) entry.methods.add(method.toUpperCase());
    // Fastify answers HEAD for every GET route (exposeHeadRoutes).
    if (entry.methods.has('GET')) entry.methods.add('HEAD');
  });
  return {
    allowedFor(path) {
      let decoded = path;
      try {
        // The router decodes a path before matching it, except the reserved characters decodeURI keeps (%2F).
        decoded = decodeURI(path);
      } catch {
        // A malformed escape never reaches here (FST_ERR_BAD_URL); keep the raw path if it does.
      }
      const allowed = new Set<string>();
      for (const { pattern, methods } of routes.values()) {
        if (pattern.test(decoded)) for (const method of methods) allowed.add(method);
      }
      return allowed.size === 0 ? undefined : inOrder(allowed);
    },
  };
}
