import { addCommonControls, field, json, type Router } from '@patchbay/emulator-kit';
import { isObject } from '../body.ts';
import type { ZendeskContext } from '../context.ts';
import { addOrganizationField, addTicketField } from '../data/fields.ts';
import { organizationFieldJson, ticketFieldJson } from '../data/serialize.ts';
import { addControlRecordRoutes } from './control-records.ts';

/**
 * The `/__emulator/*` endpoints (no auth; the server binds loopback only): records, fields, tokens,
 * reset, settings, plus the kit's expire-tokens and rate-limit.
 */
export function addControlRoutes(router: Router, ctx: ZendeskContext): void {
  addCommonControls(router, { oauth: ctx.oauth, rateLimit: ctx.rateLimit });
  addControlRecordRoutes(router, ctx);

  // `{object: "organization", name, type, label, options?}` adds an organization field keyed by
  // `name`; `{object: "ticket", …}` a ticket field addressed by its new id.
  router.add('POST', '/__emulator/fields', (req) => {
    if (!isObject(req.body)) return json(400, { error: 'bad_request', message: 'Send {"object", "name", "type", "label"} as JSON.' });
    const object = field(req.body, 'object');
    if (object === 'organization') {
      const result = addOrganizationField(ctx.store, req.body);
      return result.ok ? json(201, organizationFieldJson(result.field, req.origin)) : json(400, { error: 'bad_request', message: result.message });
    }
    if (object === 'ticket') {
      const result = addTicketField(ctx.store, req.body);
      return result.ok ? json(201, ticketFieldJson(result.field, req.origin)) : json(400, { error: 'bad_request', message: result.message });
    }
    return json(400, { error: 'bad_request', message: '"object" must be "organization" or "ticket".' });
  });

  // An access token for the demo admin, as if they had just authorised; `scope` defaults to "read write".
  router.add('POST', '/__emulator/tokens', (req) => {
    const scopes = (field(req.body, 'scope') ?? 'read write').split(/\s+/).filter(Boolean);
    const accessToken = ctx.oauth.mint(scopes);
    ctx.lifetimes.recordAccess(accessToken, ctx.settings.accessTokenTtlSeconds);
    return json(200, { access_token: accessToken, token_type: 'bearer', scope: scopes.join(' '), instance_url: `${req.origin}/api/v2` });
  });

  router.add('POST', '/__emulator/reset', () => {
    ctx.reset();
    return json(200, { reset: true, seed: ctx.seed });
  });

  // Only `incrementalLagSeconds` for now: Zendesk's one-minute export delay, which tests set to 0.
  router.add('POST', '/__emulator/settings', (req) => {
    const lag: unknown = isObject(req.body) ? req.body.incrementalLagSeconds : undefined;
    if (typeof lag !== 'number' || !Number.isInteger(lag) || lag < 0) {
      return json(400, { error: 'bad_request', message: '"incrementalLagSeconds" must be a whole number of seconds, 0 or more.' });
    }
    ctx.settings.incrementalLagSeconds = lag;
    return json(200, { incrementalLagSeconds: lag });
  });
}
