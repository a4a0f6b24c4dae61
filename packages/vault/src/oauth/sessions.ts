import { ConflictError, isoIn, isoNow, newToken } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import { oauthSessionAad } from '../crypto/aad.ts';
import { open, seal } from '../crypto/envelope.ts';
import type { KeyRing } from '../crypto/keyring.ts';
import type { ConnectionState } from '../connections/state.ts';
import type { Actor, AuthorizeInput } from '../connections/view.ts';
import { buildAuthorizationUrl } from './flow.ts';
import { oauthConfigFor } from './config.ts';

const SESSION_TTL_MS = 10 * 60_000;

export interface SessionDeps {
  store: Store;
  keys: KeyRing;
  redirectUri: string;
  allowHttpHosts: readonly string[];
}

export interface OAuthSession {
  id: string;
  workspaceId: string;
  userId: string;
  connectionId: string;
  codeVerifier: string | undefined;
  redirectUri: string;
  openerOrigin: string | null;
  /** A path of this site to send the browser back to when the result page has no opener. */
  returnTo: string | null;
  confirmInstanceChange: boolean;
}

/**
 * Starts the authorization-code flow: a server-side session whose random id is the `state`, with
 * the PKCE verifier kept (encrypted) on our side. The unguessable state is the only binding, so the
 * callback needs no cookie and works whether the flow began in the web UI or over the API.
 */
export async function startAuthorization(deps: SessionDeps, actor: Actor, state: ConnectionState, input: AuthorizeInput): Promise<string> {
  if (state.auth.kind !== 'oauth2') {
    throw new ConflictError('not_oauth2', `This connection authenticates with ${state.auth.kind}, not OAuth2: there is nothing to authorise. Test it instead.`);
  }
  const cfg = oauthConfigFor(state.auth, state.fields, deps.allowHttpHosts);
  const id = newToken();
  const { url, codeVerifier } = await buildAuthorizationUrl(cfg, { state: id, redirectUri: deps.redirectUri });
  const now = Date.now();
  await deps.store.db.deleteFrom('oauth_sessions').where('expires_at', '<', isoIn(-SESSION_TTL_MS, now)).execute();
  await deps.store.db
    .insertInto('oauth_sessions')
    .values({
      id,
      workspace_id: actor.workspaceId,
      user_id: actor.userId,
      connection_id: state.row.id,
      secrets: seal(deps.keys, JSON.stringify({ codeVerifier: codeVerifier ?? null }), oauthSessionAad(actor.workspaceId, id)),
      redirect_uri: deps.redirectUri,
      opener_origin: input.openerOrigin ?? null,
      return_to: input.returnTo ?? null,
      confirm_instance_change: input.confirmInstanceChange ? 1 : 0,
      created_at: isoNow(now),
      expires_at: isoIn(SESSION_TTL_MS, now),
    })
    .execute();
  return url;
}

/**
 * Takes the session for `state` exactly once: a single conditional UPDATE marks it consumed, so a
 * replayed, expired or unknown state finds nothing, even when two callbacks race.
 */
export async function consumeSession(deps: SessionDeps, stateParam: string): Promise<OAuthSession | undefined> {
  const now = isoNow();
  const result = await deps.store.db
    .updateTable('oauth_sessions')
    .set({ consumed_at: now })
    .where('id', '=', stateParam)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  const row = await deps.store.db.selectFrom('oauth_sessions').selectAll().where('id', '=', stateParam).executeTakeFirstOrThrow();
  const parsed: unknown = JSON.parse(open(deps.keys, row.secrets, oauthSessionAad(row.workspace_id, row.id)));
  const codeVerifier =
    typeof parsed === 'object' && parsed !== null && 'codeVerifier' in parsed && typeof parsed.codeVerifier === 'string' ? parsed.codeVerifier : undefined;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    connectionId: row.connection_id,
    codeVerifier,
    redirectUri: row.redirect_uri,
    openerOrigin: row.opener_origin,
    returnTo: row.return_to,
    confirmInstanceChange: row.confirm_instance_change === 1,
  };
}
