import { InvalidInputError, NotFoundError, decodeCursor, isoNow, newId, pageFrom, summarizeProblems } from '@patchbay/core';
import { type Connector, ownMember, schemaProblems } from '@patchbay/sdk';
import { sentUncertainWrite } from '../http/client.ts';
import { completeAuthorization } from '../oauth/callback.ts';
import { assertOAuthUrlsAllowed } from '../oauth/config.ts';
import { startAuthorization } from '../oauth/sessions.ts';
import { ConnectionUnusableError, TokenManager } from '../tokens/manager.ts';
import { type ConnectorCall, callThrough } from './call.ts';
import { ConnectionCache, type UsableConnection } from './cache.ts';
import { connectorContext } from './context.ts';
import { createDesignCache, memberOf, memberSchemas, picklistOptions } from './design.ts';
import { runCustomAuth } from './custom-auth.ts';
import { type CallSecrets, SecretMasker, storedSecretValues } from './mask.ts';
import { operatorDefaultsFrom, resolveAuth, resolveFields, validateFields } from './fields.ts';
import { type ConnectionRow, type RowPatch, type StoredSecrets, audit, connectionChanged, findRow, readSecrets, sealSecrets, statusPatch, toView, updateWithRetry } from './record.ts';
import type { ConnectionService, ConnectionServiceOptions } from './service.ts';
import { type ConnectionState, connectionState, stateWithFields } from './state.ts';
import { InstanceMismatchError, type Verification, verifyConnection } from './verify.ts';

export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const { store, keys, logger } = options;
  const allowHttpHosts = options.allowHttpHosts ?? [];
  const byKey = new Map(options.connectors.map((c) => [c.key, c]));
  const operatorDefaults = operatorDefaultsFrom(options.operatorEnv ?? {});
  const tokens: TokenManager = new TokenManager({
    store,
    keys,
    logger,
    allowHttpHosts,
    runCustom: (state, previous) => runCustomAuth({ store, tokens, logger }, state, previous),
  });
  const cache = new ConnectionCache({
    store,
    keys,
    connector,
    operatorDefaults,
    ...(options.connectionCacheMs === undefined ? {} : { maxAgeMs: options.connectionCacheMs }),
    onChange: (id) => tokens.forget(id),
  });
  const recheck = (state: ConnectionState) => cache.recheck(state);
  const deps = { store, keys, logger, tokens, recheck, redirectUri: options.redirectUri, allowHttpHosts, connector, operatorDefaults };
  const design = createDesignCache();

  function connector(key: string): Connector {
    const found = byKey.get(key);
    if (!found) throw new NotFoundError('connector', key);
    return found;
  }

  function view(row: ConnectionRow) {
    return toView(row, readSecrets(keys, row), connector(row.connector));
  }

  async function load(workspaceId: string, id: string): Promise<ConnectionState> {
    const row = await findRow(store, workspaceId, id);
    const found = connector(row.connector);
    return connectionState(keys, found, row, operatorDefaults(found));
  }

  /**
   * A status reason a caller gives (a trigger's error), masked like a test's message: it is shown
   * and stored. Secrets that cannot be read (a tampered record) leave it as given: nothing to mask by.
   */
  function maskedReason(row: ConnectionRow, reason: string): string {
    let state: ConnectionState;
    try {
      const found = connector(row.connector);
      state = connectionState(keys, found, row, operatorDefaults(found));
    } catch {
      return reason;
    }
    return new SecretMasker(storedSecretValues(state)).text(reason);
  }

  const contextFor = (state: ConnectionState, secrets: CallSecrets) => connectorContext(deps, state, undefined, secrets);
  /** Connector code run through a connection, its answers and errors masked (call.ts). */
  const through = ({ state, derived }: UsableConnection, what: string): ConnectorCall => (run) => callThrough(deps, state, what, run, { derived });

  /**
   * The patch that records a test's outcome (and, on success, who and where we are connected, and
   * what `discover` learnt, sealed over `secrets`: the row's own unless a caller is changing them).
   */
  function outcomePatch(current: ConnectionRow, v: Verification, secrets?: StoredSecrets): RowPatch {
    if (!v.ok) return statusPatch('error', v.message ?? 'The connection test failed.');
    const base = secrets ?? readSecrets(keys, current);
    return {
      ...statusPatch('connected', null),
      ...(v.discovered ? sealSecrets(keys, current, { ...base, discovered: v.discovered }) : {}),
      authorized_at: current.status === 'connected' && current.authorized_at ? current.authorized_at : isoNow(),
      ...(v.instance ? { instance_key: v.instance } : {}),
      ...(v.identity ? { identity: JSON.stringify({ label: v.identity.label, id: v.identity.id }) } : {}),
      ...(v.identity?.scopes ? { granted_scopes: JSON.stringify(v.identity.scopes) } : {}),
    };
  }

  function usableOrThrow(state: ConnectionState, strict: boolean): void {
    const { row } = state;
    if (row.status === 'connected' || (!strict && row.status === 'error')) return;
    throw new ConnectionUnusableError(row);
  }

  return {
    connectors: () => options.connectors,
    connector,

    async list(actor, page) {
      // A connection of a connector no longer installed cannot be shown (its fields are unknown).
      if (byKey.size === 0) return { items: [], next: null };
      let query = store.db.selectFrom('connections').selectAll().where('workspace_id', '=', actor.workspaceId).where('connector', 'in', [...byKey.keys()]);
      if (page.cursor !== undefined) {
        const after = decodeCursor('connections', page.cursor);
        query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.at, after.id)));
      }
      const rows = await query.orderBy('created_at').orderBy('id').limit(page.limit + 1).execute();
      return pageFrom(rows, page, 'connections', (row) => ({ at: row.created_at, id: row.id }), view);
    },

    async get(actor, id) {
      return view(await findRow(store, actor.workspaceId, id));
    },

    async create(actor, input) {
      const found = byKey.get(input.connector);
      if (!found) {
        throw new InvalidInputError(`Unknown connector "${input.connector}": GET /api/v1/connectors lists the available ones.`, [
          { path: 'connector', message: 'unknown connector' },
        ]);
      }
      const operator = operatorDefaults(found);
      const split = validateFields(found, input.fields ?? {}, operator);
      const now = isoNow();
      const base = { id: newId('conn'), workspace_id: actor.workspaceId };
      const resolved = resolveFields(split, operator);
      const auth = resolveAuth(found, resolved);
      assertOAuthUrlsAllowed(auth, resolved, allowHttpHosts);
      let row: ConnectionRow = {
        ...base,
        connector: found.key,
        name: input.name,
        environment: input.environment ?? null,
        status: 'disconnected',
        status_reason: auth.kind === 'oauth2' ? 'Not authorised yet: connect it to authorise Patchbay in the app.' : 'Not tested yet.',
        auth_kind: auth.kind,
        fields: JSON.stringify(split.public),
        ...sealSecrets(keys, base, { fields: split.secret }),
        authorized_at: null,
        lost_at: null,
        last_used_at: null,
        refresh_failures: 0,
        next_refresh_attempt_at: null,
        token_expires_at: null,
        instance_key: null,
        identity: null,
        granted_scopes: null,
        version: 0,
        created_at: now,
        updated_at: now,
      };
      await store.db.insertInto('connections').values(row).execute();
      await audit(store, actor, 'connection.created', row, { connector: found.key, secretFields: Object.keys(split.secret) });
      if (auth.kind !== 'oauth2') {
        const state = connectionState(keys, found, row, operator);
        const verification = await verifyConnection(state, contextFor);
        row = await updateWithRetry(store, row, (current) => outcomePatch(current, verification));
      }
      return view(row);
    },

    async update(actor, id, input) {
      const state = await load(actor.workspaceId, id);
      const patch: RowPatch = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.environment !== undefined) patch.environment = input.environment;
      let row = state.row;
      if (input.fields !== undefined && Object.keys(input.fields).length > 0) {
        const split = validateFields(state.connector, input.fields, state.operator, state.split);
        const next = stateWithFields(state, split);
        assertOAuthUrlsAllowed(next.auth, next.fields, allowHttpHosts);
        patch.fields = JSON.stringify(split.public);
        patch.auth_kind = next.auth.kind;
        // Another way of signing in: what the old one obtained (tokens, custom-auth state) is not kept.
        const optionChanged = authOptionChanged(state, next);
        const secrets = optionChanged ? { fields: split.secret } : { ...state.secrets, fields: split.secret };
        Object.assign(patch, sealSecrets(keys, row, secrets));
        if (optionChanged && next.auth.kind === 'oauth2') {
          Object.assign(patch, {
            ...statusPatch('disconnected', 'Not authorised yet: connect it to authorise Patchbay in the app.'),
            authorized_at: null,
            token_expires_at: null,
            identity: null,
            granted_scopes: null,
          });
        }
        if (next.auth.kind !== 'oauth2') {
          const verification = await verifyConnection(next, contextFor);
          if (verification.ok && verification.instance && row.instance_key && verification.instance !== row.instance_key && !input.confirmInstanceChange) {
            throw new InstanceMismatchError(state.connector.title, row.instance_key, verification.instance);
          }
          Object.assign(patch, outcomePatch(row, verification, secrets));
        }
      }
      row = await updateWithRetry(store, row, () => patch);
      await audit(store, actor, 'connection.updated', row, {
        changed: Object.keys(input).filter((k) => k !== 'fields'),
        fields: Object.keys(input.fields ?? {}),
      });
      return view(row);
    },

    async remove(actor, id) {
      const row = await findRow(store, actor.workspaceId, id);
      await store.db.deleteFrom('oauth_sessions').where('connection_id', '=', id).execute();
      await store.db.deleteFrom('connections').where('id', '=', id).where('workspace_id', '=', actor.workspaceId).execute();
      connectionChanged(store, id);
      await audit(store, actor, 'connection.deleted', row);
    },

    async test(actor, id) {
      const state = await load(actor.workspaceId, id);
      if (state.auth.kind === 'oauth2' && !state.secrets.oauth) {
        return { ok: false, message: 'Not authorised yet: connect it to authorise Patchbay in the app.' };
      }
      const verification = await verifyConnection(state, contextFor);
      // A failed token refresh already recorded its own status (needs_reauth, error); keep it.
      const current = await findRow(store, actor.workspaceId, id);
      if (verification.ok || current.status === 'connected') {
        await updateWithRetry(store, current, (r) => outcomePatch(r, verification));
      }
      await audit(store, actor, 'connection.tested', state.row, { ok: verification.ok });
      return verification.ok ? { ok: true } : { ok: false, message: verification.message ?? 'The connection test failed.' };
    },

    async disconnect(actor, id) {
      const state = await load(actor.workspaceId, id);
      const row = await updateWithRetry(store, state.row, (current) => {
        const secrets = readSecrets(keys, current);
        return {
          ...sealSecrets(keys, current, { fields: secrets.fields }),
          ...statusPatch('disconnected', 'Disconnected by a user. Connect it again to use it.'),
          token_expires_at: null,
        };
      });
      await audit(store, actor, 'connection.disconnected', row);
      return view(row);
    },

    async authorize(actor, id, input) {
      const state = await load(actor.workspaceId, id);
      const url = await startAuthorization(deps, actor, state, input);
      await audit(store, actor, 'connection.authorize_started', state.row, { confirmInstanceChange: input.confirmInstanceChange ?? false });
      return { url };
    },

    handleCallback: (query) => completeAuthorization(deps, query),

    async picklist(actor, id, name, params, opts = {}) {
      const usable = await cache.use(actor.workspaceId, id);
      const { state } = usable;
      if (!ownMember(state.connector.picklists, name)) throw new NotFoundError('pick list', name);
      usableOrThrow(state, true);
      return picklistOptions(state, through(usable, `pick list ${name}`), design, name, params, opts.refresh ?? false);
    },

    async schemas(actor, id, request, opts = {}) {
      const usable = await cache.use(actor.workspaceId, id);
      const { state } = usable;
      memberOf(state, request);
      usableOrThrow(state, true);
      return memberSchemas(state, through(usable, 'schema'), design, request, opts.refresh ?? false);
    },

    async runAction(actor, id, actionName, input, options = {}) {
      const { state, derived } = await cache.use(actor.workspaceId, id);
      const action = ownMember(state.connector.actions, actionName);
      if (!action) throw new NotFoundError('action', actionName);
      const errors = schemaProblems(action.input, input, 'input');
      if (errors.length > 0) {
        throw new InvalidInputError(`Invalid input for action ${actionName}: ${summarizeProblems(errors)}.`, errors);
      }
      usableOrThrow(state, false);
      const idempotencyKey = options.idempotencyKey ?? newId('run');
      // Masked in callThrough, where the secrets are known (mask.ts): job history, later steps,
      // the run-action answer and a synchronous webhook's answer all derive from this value.
      return callThrough(deps, state, `action ${actionName}`, (ctx) => action.run({ ...ctx, input, idempotencyKey }), {
        derived,
        onFailure: (err, ctx) => {
          // Whatever the connector made of it (a RetryableError for a 5xx), a write that may have
          // reached the app must not be sent again by a step retry.
          if (sentUncertainWrite(ctx.http)) err.markUnsafeToRepeat();
        },
      });
    },

    async poll(actor, id, triggerName, input, pollState) {
      const { state, derived } = await cache.use(actor.workspaceId, id);
      const trigger = ownMember(state.connector.triggers, triggerName);
      if (!trigger?.poll) throw new NotFoundError('polling trigger', triggerName);
      const errors = schemaProblems(trigger.input, input, 'trigger.input');
      if (errors.length > 0) throw new InvalidInputError(`Invalid input for trigger ${triggerName}: ${summarizeProblems(errors)}.`, errors);
      usableOrThrow(state, false);
      const poll = trigger.poll;
      // The events become stored trigger events: masked like an action's output. The cursor is the
      // app's own bookmark, sent back to it as is.
      return callThrough(deps, state, `trigger ${triggerName}`, (ctx) => poll({ ...ctx, input, cursor: pollState.cursor, since: pollState.since }), {
        derived,
        mask: (result, masker) => ({ ...result, events: masker.value(result.events) }),
      });
    },

    async markFailing(actor, id, reason) {
      const row = await findRow(store, actor.workspaceId, id);
      const masked = maskedReason(row, reason);
      const updated = await updateWithRetry(store, row, (current) => (current.status === 'connected' ? statusPatch('error', masked) : undefined));
      await audit(store, 'system', 'connection.marked_failing', updated, { reason: masked });
    },
  };
}

/** Whether a PATCH chose another auth option (or another kind) than the stored one. */
function authOptionChanged(before: ConnectionState, after: ConnectionState): boolean {
  const auth = before.connector.connection.auth;
  if (auth.kind !== 'multi') return before.auth.kind !== after.auth.kind;
  return before.fields[auth.field] !== after.fields[auth.field] || before.auth.kind !== after.auth.kind;
}
