import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { keys } from './api/keys.ts';
import { fetchSession } from './api/session.ts';
import { AppLayout } from './components/app-layout.tsx';
import { NotFound } from './components/not-found.tsx';
import { ConnectionsPage } from './screens/connections/connections-page.tsx';
import { connectionFilters } from './screens/connections/filters.ts';
import { jobsSearch } from './screens/jobs/search.ts';
import { newConnectionSearch } from './screens/new-connection/search.ts';
import { recipeSearch } from './screens/recipes/search.ts';
import { SignInPage } from './screens/sign-in/sign-in-page.tsx';

interface RouterContext {
  queryClient: QueryClient;
}

/** Only a path of this site: `?redirect=//evil.example` or `https://…` must not send a signed-in user away. */
export function safeRedirect(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : undefined;
}

const sessionOf = (context: RouterContext) => context.queryClient.ensureQueryData({ queryKey: keys.session, queryFn: fetchSession });

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet, notFoundComponent: NotFound });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => {
    const target = safeRedirect(search.redirect);
    return target ? { redirect: target } : {};
  },
  beforeLoad: async ({ context, search }) => {
    if (await sessionOf(context)) throw redirect({ href: search.redirect ?? '/connections' });
  },
  component: SignInPage,
});

/** Every page but sign-in: needs a session, shares the header and navigation. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    if (!(await sessionOf(context))) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: AppLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/connections' });
  },
});

export const connectionsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/connections',
  validateSearch: connectionFilters,
  component: ConnectionsPage,
});

// The first screen (Connections) is in the main bundle; the others load when first visited.
const newConnectionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/connections/new',
  validateSearch: newConnectionSearch,
  component: lazyRouteComponent(() => import('./screens/new-connection/new-connection-page.tsx'), 'NewConnectionPage'),
});

const editConnectionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/connections/$connectionId',
  component: lazyRouteComponent(() => import('./screens/connections/edit-connection-page.tsx'), 'EditConnectionPage'),
});

const recipesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/recipes',
  component: lazyRouteComponent(() => import('./screens/recipes/recipes-page.tsx'), 'RecipesPage'),
});

const recipeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/recipes/$recipeId',
  validateSearch: recipeSearch,
  component: lazyRouteComponent(() => import('./screens/recipes/recipe-page.tsx'), 'RecipePage'),
});

const jobsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/jobs',
  validateSearch: jobsSearch,
  component: lazyRouteComponent(() => import('./screens/jobs/jobs-page.tsx'), 'JobsPage'),
});

const jobRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/jobs/$jobId',
  component: lazyRouteComponent(() => import('./screens/jobs/job-page.tsx'), 'JobPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  signedInRoute.addChildren([homeRoute, connectionsRoute, newConnectionRoute, editConnectionRoute, recipesRoute, recipeRoute, jobsRoute, jobRoute]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
