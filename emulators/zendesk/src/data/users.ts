import { idAt, type JsonObject, stringAt, stringListAt } from '../body.ts';
import { nowSeconds } from '../clock.ts';
import type { ZendeskStore } from './store.ts';
import type { UserRecord, UserRole } from './types.ts';
import { addError, blank, failure, type FieldErrors, invalid, type Result, success, taken } from './validation.ts';

const ROLES: readonly UserRole[] = ['admin', 'agent', 'end-user'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A user as an admin would add one (control endpoint; the API's users endpoints are out of scope). */
export function createUser(store: ZendeskStore, input: JsonObject): Result<UserRecord> {
  const errors: FieldErrors = {};
  const name = stringAt(input, 'name')?.trim() ?? '';
  const email = stringAt(input, 'email')?.trim() ?? '';
  const role = stringAt(input, 'role') ?? 'end-user';
  const organizationId = idAt(input, 'organization_id') ?? null;
  if (name === '') addError(errors, 'name', blank('Name'));
  if (!EMAIL.test(email)) addError(errors, 'email', invalid('Email', email));
  else if (store.userByEmail(email)) addError(errors, 'email', taken('Email', email));
  if (!ROLES.some((known) => known === role)) addError(errors, 'role', invalid('Role', role));
  if (organizationId !== null && !store.organizations.has(organizationId)) addError(errors, 'organization_id', invalid('Organization', String(organizationId)));
  if (Object.keys(errors).length > 0) return failure(errors);
  const now = nowSeconds();
  const user: UserRecord = {
    id: store.ids.next(),
    name,
    email,
    role: ROLES.find((known) => known === role) ?? 'end-user',
    organizationId,
    externalId: stringAt(input, 'external_id') ?? null,
    tags: stringListAt(input, 'tags') ?? [],
    createdAt: now,
    updatedAt: now,
  };
  store.users.set(user.id, user);
  return success(user);
}

/**
 * The requester of a new ticket given as `{name, email}`: the user with that email, else a new
 * end user (§8). UNCERTAIN: Zendesk's rule for a new requester without `name` is not documented;
 * the emulator names them after the email's local part rather than failing the ticket.
 */
export function findOrCreateRequester(store: ZendeskStore, requester: JsonObject): Result<UserRecord> {
  const email = stringAt(requester, 'email')?.trim() ?? '';
  if (!EMAIL.test(email)) return failure({ requester: [{ description: `Requester: Email: ${email} is not properly formatted`, error: 'InvalidValue' }] });
  const existing = store.userByEmail(email);
  if (existing) return success(existing);
  const name = stringAt(requester, 'name')?.trim() || email.slice(0, email.indexOf('@'));
  return createUser(store, { name, email, role: 'end-user' });
}
