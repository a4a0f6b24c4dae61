import { type OAuthAuthority, type RateLimiter, type Router, addCommonControls, field, json } from '@patchbay/emulator-kit';
import { DEFAULT_SCOPES } from '../config.ts';
import { describeCustomField } from '../fields/describe.ts';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { createIssueRecord, issueRecordJson, updateIssueRecord } from './issue-records.ts';

/** `/__emulator/*`: no auth, 127.0.0.1 only (the kit binds nowhere else). */
export interface ControlDeps {
  store: JiraStore;
  oauth: OAuthAuthority;
  rateLimit: RateLimiter;
  cloudId: string;
  accessTokenTtlSeconds: number;
}

const bad = (message: string, errors?: Record<string, string>) => json(400, { message, ...(errors ? { errors } : {}) });
const OBJECTS = 'issue';

export function addControlRoutes(router: Router, deps: ControlDeps): void {
  const { store, oauth, rateLimit } = deps;
  addCommonControls(router, { oauth, rateLimit });

  router.add('POST', '/__emulator/records/:object', (req) => {
    if (req.params.object !== 'issue') return bad(`Unknown object '${req.params.object ?? ''}'. Objects: ${OBJECTS}.`);
    if (!isRecord(req.body)) return bad('The body must be a JSON object of the issue fields.');
    const outcome = createIssueRecord(store, req.body);
    return outcome.ok ? json(201, issueRecordJson(store, outcome.issue)) : bad(outcome.message, outcome.errors);
  });

  router.add('GET', '/__emulator/records/:object', (req) => {
    if (req.params.object !== 'issue') return bad(`Unknown object '${req.params.object ?? ''}'. Objects: ${OBJECTS}.`);
    return json(200, { records: store.issues.map((issue) => issueRecordJson(store, issue)) });
  });

  router.add('PATCH', '/__emulator/records/:object/:key', (req) => {
    if (req.params.object !== 'issue') return bad(`Unknown object '${req.params.object ?? ''}'. Objects: ${OBJECTS}.`);
    const issue = store.issue(req.params.key ?? '');
    if (!issue) return json(404, { message: `No issue ${req.params.key ?? ''}.` });
    if (!isRecord(req.body)) return bad('The body must be a JSON object of the fields to change.');
    const outcome = updateIssueRecord(store, issue, req.body);
    return outcome.ok ? json(200, issueRecordJson(store, outcome.issue)) : bad(outcome.message, outcome.errors);
  });

  router.add('POST', '/__emulator/fields', (req) => addField(store, req.body));

  router.add('POST', '/__emulator/tokens', (req) => {
    const requested = field(req.body, 'scope')?.split(/\s+/).filter(Boolean);
    const scopes = requested && requested.length > 0 ? requested : [...DEFAULT_SCOPES];
    return json(200, {
      access_token: oauth.mint(scopes),
      token_type: 'Bearer',
      expires_in: deps.accessTokenTtlSeconds,
      scope: scopes.join(' '),
      cloud_id: deps.cloudId,
      instance_url: `${req.origin}/ex/jira/${deps.cloudId}`,
    });
  });

  // Atlassian has no revoke endpoint for 3LO tokens (§3): a user removes the app from their
  // profile's connected apps. This plays that: the grant's tokens stop working, refresh answers 403.
  router.add('POST', '/__emulator/revoke', (req) => {
    const token = field(req.body, 'token');
    if (!token) return bad('token (an access or refresh token) is required.');
    return oauth.revoke(token) ? json(200, { revoked: true }) : json(404, { message: 'No such token.' });
  });

  router.add('POST', '/__emulator/reset', () => {
    store.reset();
    oauth.reset();
    rateLimit.reset();
    return json(200, { reset: true });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isFieldType = (value: string | undefined): value is CustomFieldType => CUSTOM_FIELD_TYPES.some((t) => t === value);

/** `{object: "issue", name?: "customfield_NNNNN", type, label, options?}` → the field as `/field` lists it. */
function addField(store: JiraStore, body: unknown) {
  if (!isRecord(body)) return bad('The body must be a JSON object: {object, name?, type, label, options?}.');
  if (body.object !== 'issue') return bad("object must be 'issue': Jira custom fields belong to issues.");
  const type = field(body, 'type');
  if (!isFieldType(type)) return bad(`type must be one of ${CUSTOM_FIELD_TYPES.join(', ')}.`);
  const label = field(body, 'label');
  if (!label || label.trim() === '') return bad('label (the name people see) is required.');
  const name = field(body, 'name');
  const numbered = name === undefined ? store.nextCustomFieldNumber() : Number(/^customfield_(\d+)$/.exec(name)?.[1] ?? Number.NaN);
  if (!Number.isInteger(numbered)) return bad('name must look like customfield_10030, or be left out to get the next free id.');
  if (store.customField(`customfield_${numbered}`)) return bad(`customfield_${numbered} already exists.`);
  if (store.customFields.some((f) => f.name.toLowerCase() === label.toLowerCase())) return bad(`A custom field is already labelled '${label}'.`);
  const options = Array.isArray(body.options) ? body.options.filter((o): o is string => typeof o === 'string' && o.trim() !== '') : [];
  if (type === 'select' && options.length === 0) return bad('A select field needs options: a non-empty array of strings.');
  if (type !== 'select' && options.length > 0) return bad('Only select fields take options.');
  return json(201, describeCustomField(store.addCustomField(numbered, label, type, options)));
}
