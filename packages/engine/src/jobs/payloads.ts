import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { PatchbayError } from '@patchbay/core';
import type { Database, JobsTable, Store } from '@patchbay/store';
import { type PayloadCipher, ephemeralPayloadCipher } from '@patchbay/vault';

export type { PayloadCipher };

/**
 * Job payloads at rest: the one place that turns the payload columns — `jobs.trigger_event`,
 * `steps`, `result`, `error` and `job_progress.data` — from their stored form into JSON text and
 * back. Everywhere else in the engine a job row holds JSON text; it is sealed on its way into the
 * database (store.ts, writer.ts, progress.ts) and opened on its way out.
 *
 * Each value is encrypted for its place (`jobs.<column>:<job id>`, `job_progress.data:<job id>:<seq>`),
 * so a value copied onto another job, column or step fails to open instead of showing there (values
 * written together share one sealed group: see GROUPED). A
 * value without the `enc1:` prefix is a row written before payloads were encrypted: it is read as it
 * is (JSON never starts with that prefix), so an existing database keeps working and its old rows
 * go as they are pruned.
 */
const SEALED_PREFIX = 'enc1:';

export type JobPayloadColumn = 'trigger_event' | 'steps' | 'result' | 'error';

/** The payload columns of a job row, as a job row of the engine holds them (JSON text) or as stored. */
type PayloadColumns = Pick<JobsTable, 'id' | JobPayloadColumn>;

/** Values stored as plain JSON: the baseline of benchmarks, never a server's choice. */
export const plaintextPayloads: PayloadCipher = { seal: (text) => text, open: (text) => text };

/**
 * Columns written together are sealed together: one cipher call per write instead of one per value,
 * since a call's fixed cost (~2–5 µs in Node) is what a webhook pays, not the bytes. The first
 * column holds the group's ciphertext; the others hold a reference to it (`enc1:@<column>`), which
 * only works within the same row, since the group is sealed for that row's column and job id. A
 * synchronous webhook job (trigger, steps, result written at once) costs one call; a queued job one at
 * insert and one for its outcome. `error` is never grouped: the job lists read it alone.
 */
const GROUPED: readonly JobPayloadColumn[] = ['trigger_event', 'steps', 'result'];
const REFERENCE_PREFIX = `${SEALED_PREFIX}@`;
/**
 * A group's plaintext: this mark (never the first character of a JSON text), the length of each
 * GROUPED column's text or `-` when the group lacks it, comma-separated, a newline, then the texts.
 * Lengths rather than JSON around JSON: escaping every quote made the stored value larger.
 */
const GROUP_MARK = '\u0001';

function groupText(row: Partial<PayloadColumns>): string {
  const texts = GROUPED.map((column) => row[column]);
  return `${GROUP_MARK}${texts.map((text) => (typeof text === 'string' ? text.length : '-')).join(',')}\n${texts.join('')}`;
}

function isPayloadColumn(name: string): name is JobPayloadColumn {
  return name === 'trigger_event' || name === 'steps' || name === 'result' || name === 'error';
}

export class JobPayloads {
  /** The benchmarks' baseline stores JSON exactly as before encryption: no grouping either. */
  private readonly plaintext: boolean;

  constructor(private readonly cipher: PayloadCipher) {
    this.plaintext = cipher === plaintextPayloads;
  }

  sealProgress(jobId: string, seq: number, json: string): string {
    return this.plaintext ? json : this.cipher.seal(json, `job_progress.data:${jobId}:${seq}`);
  }

  openProgress(jobId: string, seq: number, stored: string): string {
    return stored.startsWith(SEALED_PREFIX) ? this.cipher.open(stored, `job_progress.data:${jobId}:${seq}`) : stored;
  }

  /** A job row (or the part of one an update sets) as it is stored: every payload column present sealed. */
  sealColumns<T extends Partial<PayloadColumns>>(jobId: string, row: T): T {
    if (this.plaintext) return row;
    const sealed = { ...row };
    const grouped = GROUPED.filter((column) => typeof row[column] === 'string');
    const [holder] = grouped;
    if (holder !== undefined && grouped.length === 1) sealed[holder] = this.seal(holder, jobId, row[holder] ?? '');
    if (holder !== undefined && grouped.length > 1) {
      sealed[holder] = this.seal(holder, jobId, groupText(row));
      for (const column of grouped.slice(1)) sealed[column] = REFERENCE_PREFIX + holder;
    }
    if (typeof row.error === 'string') sealed.error = this.seal('error', jobId, row.error);
    return sealed;
  }

  /**
   * A stored job row (or the columns of one a query selected) with every payload column present
   * opened. A value that fails its check, or a reference to a column the row lacks, throws.
   */
  openColumns<T extends Partial<PayloadColumns> & { id: string }>(row: T): T {
    const opened = { ...row };
    const plain = new Map<JobPayloadColumn, string>();
    const openOne = (column: JobPayloadColumn): string => {
      const known = plain.get(column);
      if (known !== undefined) return known;
      const stored = row[column];
      if (typeof stored !== 'string') throw new PayloadReferenceError(column, row.id);
      const text = stored.startsWith(SEALED_PREFIX) ? this.cipher.open(stored, `jobs.${column}:${row.id}`) : stored;
      plain.set(column, text);
      return text;
    };
    for (const column of ['trigger_event', 'steps', 'result', 'error'] as const) {
      const stored = row[column];
      if (typeof stored !== 'string') continue;
      let text: string;
      if (stored.startsWith(REFERENCE_PREFIX)) {
        const holder = stored.slice(REFERENCE_PREFIX.length);
        if (!isPayloadColumn(holder) || holder === column) throw new PayloadReferenceError(column, row.id);
        text = memberOf(openOne(holder), column, row.id);
      } else {
        text = openOne(column);
        if (text.startsWith(GROUP_MARK)) text = memberOf(text, column, row.id);
      }
      opened[column] = text;
    }
    return opened;
  }

  private seal(column: JobPayloadColumn, jobId: string, text: string): string {
    return this.cipher.seal(text, `jobs.${column}:${jobId}`);
  }
}

/** The value of `column` in a group's plaintext; a group without it was not made for this column. */
function memberOf(group: string, column: JobPayloadColumn, jobId: string): string {
  const newline = group.indexOf('\n');
  const index = GROUPED.indexOf(column);
  if (!group.startsWith(GROUP_MARK) || newline < 0 || index < 0) throw new PayloadReferenceError(column, jobId);
  const lengths = group.slice(GROUP_MARK.length, newline).split(',');
  let start = newline + 1;
  for (const length of lengths.slice(0, index)) start += length === '-' ? 0 : Number(length);
  const own = lengths[index];
  if (lengths.length !== GROUPED.length || own === undefined || own === '-') throw new PayloadReferenceError(column, jobId);
  return group.slice(start, start + Number(own));
}

/** A stored reference to a sealed group that does not hold this column: the row was altered. */
class PayloadReferenceError extends PatchbayError {
  constructor(column: string, jobId: string) {
    super('secrets_tampered', `The stored job data of jobs.${column}:${jobId} failed its integrity check: it refers to a value of its row that does not hold it.`, {
      details: { place: `jobs.${column}:${jobId}` },
    });
  }
}

/**
 * A Kysely plugin that changes no query: it carries the engine's payloads to every query builder
 * and transaction made from the engine's database handle (Kysely hands plugins on to transactions),
 * so that a function given only a `db` — a job inserted in the scheduler's transaction, a job read
 * by the recipe service — seals and opens with the engine's key, and one given a handle without it
 * fails instead of writing plaintext.
 */
class PayloadsCarrier implements KyselyPlugin {
  constructor(readonly payloads: JobPayloads) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** The store the engine works through: the same database, its handle carrying `payloads`. */
export function storeWithPayloads(store: Store, payloads: JobPayloads): Store {
  return { ...store, db: store.db.withPlugin(new PayloadsCarrier(payloads)) };
}

/** The payloads a database handle carries (see storeWithPayloads). */
export function payloadsOf(db: Kysely<Database>): JobPayloads {
  for (const plugin of db.getExecutor().plugins) if (plugin instanceof PayloadsCarrier) return plugin.payloads;
  throw new Error('This database handle carries no job payload cipher: use the engine\'s store (engine.store), not the vault\'s.');
}

const ephemeral = new WeakMap<Store, PayloadCipher>();

/**
 * The cipher of an engine built without one (test harnesses, benchmarks): a random key that lives
 * as long as this process, one per store so that engines sharing a store read each other's jobs.
 * A server passes the vault's cipher, whose keys are stored sealed by the master key.
 */
export function processPayloadCipher(store: Store): PayloadCipher {
  let cipher = ephemeral.get(store);
  if (!cipher) ephemeral.set(store, (cipher = ephemeralPayloadCipher()));
  return cipher;
}
