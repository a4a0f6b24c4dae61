import { type EmuRequest, type EmuResponse, type OAuthAuthority, type RateLimiter, type Router, addCommonControls, field, json } from '@patchbay/emulator-kit';
import { toApiRecord } from '../data/api-record.ts';
import { insertRecord, updateRecord } from '../data/dml.ts';
import { SalesforceApiError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { identityUrl } from '../oauth/token-response.ts';
import type { Org } from '../org.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import { ControlInputError, addCustomField } from './custom-fields.ts';

/** Record URLs in control answers use the version Patchbay's connector speaks. */
const CONTROL_VERSION = '62.0';

/**
 * The control plane (no auth, loopback only): records as if a user had made them, custom fields,
 * tokens for the demo user, reset, token expiry and the simulated request limit. Bad input is a
 * 400 `{message}`; Salesforce's own validation answers are passed along under `errors`.
 */
export function addControlRoutes(router: Router, org: Org, oauth: OAuthAuthority, rateLimit: RateLimiter): void {
  addCommonControls(router, { oauth, rateLimit });

  router.add('POST', '/__emulator/records/:object', (req) =>
    guarded(() => {
      const type = objectOrUndefined(org, req);
      if (!type) return unknownObject(req);
      const record = insertRecord(org, type, req.body, { allowAuditFields: true });
      return json(201, { id: record.Id, ...toApiRecord(type, record, CONTROL_VERSION) });
    }),
  );

  router.add('GET', '/__emulator/records/:object', (req) => {
    const type = objectOrUndefined(org, req);
    if (!type) return unknownObject(req);
    return json(200, { records: org.records.list(type.name).map((record) => toApiRecord(type, record, CONTROL_VERSION)) });
  });

  // Bumps LastModifiedDate and SystemModstamp like a user's edit (explicit values win), for
  // new-or-updated triggers.
  router.add('PATCH', '/__emulator/records/:object/:id', (req) =>
    guarded(() => {
      const type = objectOrUndefined(org, req);
      if (!type) return unknownObject(req);
      const id = normalizeId(req.params.id ?? '');
      const record = id ? org.records.get(type.name, id) : undefined;
      if (!record || record.IsDeleted === true) return json(404, { message: `No live ${type.name} record has id '${req.params.id ?? ''}'` });
      updateRecord(org, type, record, req.body, { allowAuditFields: true });
      return json(200, { id: record.Id, ...toApiRecord(type, record, CONTROL_VERSION) });
    }),
  );

  router.add('POST', '/__emulator/fields', (req) =>
    guarded(() => {
      const [object, name, type, label] = ['object', 'name', 'type', 'label'].map((key) => field(req.body, key));
      if (!object || !name || !type || !label) return json(400, { message: 'Send {"object","name","type","label"}; all four are required strings.' });
      const body = typeof req.body === 'object' && req.body !== null ? req.body : {};
      const added = addCustomField(org, { ...body, object, name, type, label });
      return json(201, added.field);
    }),
  );

  router.add('POST', '/__emulator/tokens', (req) => {
    const scope = field(req.body, 'scope');
    const accessToken = oauth.mint(scope ? scope.split(/\s+/).filter(Boolean) : undefined);
    return json(200, { access_token: accessToken, instance_url: req.origin, id: identityUrl(req.origin, org), token_type: 'Bearer' });
  });

  router.add('POST', '/__emulator/reset', () => {
    org.reset();
    oauth.reset();
    rateLimit.reset();
    return json(200, { reset: true, orgId: org.orgId, userId: org.userId });
  });
}

function objectOrUndefined(org: Org, req: EmuRequest): SObjectType | undefined {
  return org.schema.get(req.params.object ?? '');
}

function unknownObject(req: EmuRequest): EmuResponse {
  return json(404, { message: `Unknown object '${req.params.object ?? ''}'. Add a custom object with POST /__emulator/fields.` });
}

function guarded(run: () => EmuResponse): EmuResponse {
  try {
    return run();
  } catch (error) {
    if (error instanceof ControlInputError) return json(400, { message: error.message });
    if (error instanceof SalesforceApiError) {
      return json(400, { message: error.items.map((item) => item.message).join('; '), errors: error.items });
    }
    throw error;
  }
}
