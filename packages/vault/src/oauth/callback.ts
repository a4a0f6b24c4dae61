import { Secret, isoNow } from '@patchbay/core';
import type { Connector } from '@patchbay/sdk';
import { type ContextDeps, connectorContext } from '../connections/context.ts';
import { type ConnectionRow, audit, findRow, readSecrets, sealSecrets, statusPatch, updateWithRetry } from '../connections/record.ts';
import type { CallbackResult } from '../connections/service.ts';
import { connectionState } from '../connections/state.ts';
import type { OperatorDefaults } from '../connections/fields.ts';
import { InstanceMismatchError, verifyConnection } from '../connections/verify.ts';
import { TokenEndpointError, authorizationError, exchangeCode } from './flow.ts';
import { oauthConfigFor } from './config.ts';
import { type OAuthSession, type SessionDeps, consumeSession } from './sessions.ts';

export type CallbackDeps = SessionDeps & ContextDeps & { connector(key: string): Connector; operatorDefaults: OperatorDefaults };

function failure(code: string, message: string, session: Pick<OAuthSession, 'connectionId' | 'openerOrigin' | 'returnTo'> | undefined): CallbackResult {
  return { ok: false, code, message, connectionId: session?.connectionId ?? null, openerOrigin: session?.openerOrigin ?? null, returnTo: session?.returnTo ?? null };
}

/** Completes an authorisation from the app's redirect. Never throws for anything the app or a user sent. */
export async function completeAuthorization(deps: CallbackDeps, query: Record<string, string | undefined>): Promise<CallbackResult> {
  const stateParam = query.state;
  if (!stateParam) return failure('invalid_state', 'This page was opened without an authorisation state. Start connecting again from Patchbay.', undefined);
  const session = await consumeSession(deps, stateParam);
  if (!session) {
    return failure('invalid_state', 'This authorisation link was already used, has expired or is unknown. Start connecting again from Patchbay.', undefined);
  }
  const fail = (code: string, message: string) => failure(code, message, session);
  let row: ConnectionRow;
  try {
    row = await findRow(deps.store, session.workspaceId, session.connectionId);
  } catch {
    return fail('not_found', 'The connection being authorised no longer exists.');
  }
  const connector = deps.connector(row.connector);
  const before = connectionState(deps.keys, connector, row, deps.operatorDefaults(connector));
  if (before.auth.kind !== 'oauth2') return fail('not_oauth2', 'This connection no longer uses OAuth2. Check its settings.');

  let tokens;
  try {
    const cfg = oauthConfigFor(before.auth, before.fields, deps.allowHttpHosts);
    const callback = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) callback.set(key, value);
    tokens = await exchangeCode(cfg, { callback, state: session.id, redirectUri: session.redirectUri, codeVerifier: session.codeVerifier });
  } catch (err) {
    const { code, message } =
      err instanceof TokenEndpointError && err.failure === 'revoked'
        ? { code: 'authorization_failed', message: 'The app refused the authorisation code (it may have expired or been used already). Connect again.' }
        : authorizationError(err);
    if (row.status !== 'connected') {
      await updateWithRetry(deps.store, row, (current) => (current.status === 'connected' ? undefined : { status_reason: message }));
    }
    await audit(deps.store, { workspaceId: session.workspaceId, userId: session.userId }, 'connection.authorize_failed', row, { code });
    return fail(code, message);
  }

  // Test the new authorisation before storing it: an authorisation into another app instance must
  // not replace the stored one unless the user confirmed that change.
  const candidate = { ...before, secrets: { ...before.secrets, oauth: tokens } };
  const credentials = { kind: 'oauth2' as const, accessToken: new Secret(tokens.accessToken), tokenType: tokens.tokenType };
  const verification = await verifyConnection(candidate, (state, secrets) => connectorContext(deps, state, { credentials }, secrets));
  if (verification.instance && row.instance_key && verification.instance !== row.instance_key && !session.confirmInstanceChange) {
    const err = new InstanceMismatchError(connector.title, row.instance_key, verification.instance);
    return fail(err.code, err.message);
  }

  const now = isoNow();
  const scopes = tokens.scope?.split(' ').filter(Boolean) ?? verification.identity?.scopes ?? [];
  await updateWithRetry(deps.store, row, (current) => {
    const latest = current.version === row.version ? before.secrets : readSecrets(deps.keys, current);
    return {
      ...sealSecrets(deps.keys, current, { ...latest, oauth: tokens, ...(verification.discovered ? { discovered: verification.discovered } : {}) }),
      ...(verification.ok ? statusPatch('connected', null, now) : statusPatch('error', verification.message ?? 'The connection test failed.', now)),
      authorized_at: now,
      token_expires_at: tokens.expiresAt ?? null,
      instance_key: verification.instance ?? current.instance_key,
      identity: verification.identity ? JSON.stringify({ label: verification.identity.label, id: verification.identity.id }) : current.identity,
      granted_scopes: JSON.stringify(scopes),
    };
  });
  const instanceChanged = Boolean(verification.instance && row.instance_key && verification.instance !== row.instance_key);
  await audit(deps.store, { workspaceId: session.workspaceId, userId: session.userId }, 'connection.authorized', row, { instanceChanged });
  if (!verification.ok) return fail('test_failed', `Authorised, but the connection test failed: ${verification.message ?? ''}`.trim());
  const who = verification.identity ? ` as ${verification.identity.label}` : '';
  return { ok: true, code: null, connectionId: row.id, message: `Connected${who}.`, openerOrigin: session.openerOrigin, returnTo: session.returnTo };
}
