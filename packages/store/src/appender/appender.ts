import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Inserts rows (all with the same columns) in one transaction (one statement unless the batch is
 * very large) and resolves once they are committed.
 * Job history is written on the webhook's path, so on SQLite this is the cheapest insert there is:
 * a prepared statement per table, columns and row count (Kysely builds a query tree per insert,
 * which cost more than the insert itself).
 */
export interface RowAppender {
  append<T extends keyof Database & string>(table: T, rows: Insertable<Database[T]>[]): Promise<void>;
  /** Updates rows by id, each with its own columns, in one transaction; resolves once committed. */
  updateById<T extends TableWithId>(table: T, rows: RowUpdate<T>[]): Promise<void>;
  close(): Promise<void>;
}

/** Tables whose key is a text `id`. */
export type TableWithId = { [T in keyof Database & string]: Database[T] extends { id: string } ? T : never }[keyof Database & string];
/** The text columns of a row: on PostgreSQL a grouped update binds its values as text (see queryAppender). */
type TextColumns<Row> = { [K in keyof Row as Row[K] extends string | null ? K : never]?: Row[K] };
export interface RowUpdate<T extends TableWithId> {
  id: string;
  set: TextColumns<Database[T]>;
}

export function queryAppender(db: Kysely<Database>): RowAppender {
  return {
    async append(table, rows) {
      if (rows.length > 0) await db.insertInto(table).values(rows).execute();
    },
    /**
     * One statement per set of columns (`update … from (values …)`): each statement is a round trip,
     * and a transaction of one UPDATE per row cost a PostgreSQL worker more than its jobs' own work.
     */
    async updateById(table, rows) {
      const byColumns = new Map<string, RowUpdate<typeof table>[]>();
      for (const row of rows) {
        const key = Object.keys(row.set).join(',');
        byColumns.set(key, [...(byColumns.get(key) ?? []), row]);
      }
      const statements = [...byColumns.values()].map((group) => {
        const columns = Object.keys(group[0]?.set ?? {});
        const values = sql.join(group.map(({ id, set }) => sql`(${sql.join([id, ...columns.map((column) => Reflect.get(set, column))])})`));
        const assignments = sql.join(columns.map((column) => sql`${sql.ref(column)} = ${sql.ref(`v.${column}`)}`));
        const names = sql.join(['id', ...columns].map((column) => sql.ref(column)));
        return sql`update ${sql.table(table)} set ${assignments} from (values ${values}) as v(${names}) where ${sql.ref(`${table}.id`)} = ${sql.ref('v.id')}`;
      });
      if (statements.length === 1) await statements[0]?.execute(db);
      else if (statements.length > 1) await db.transaction().execute(async (trx) => {
        for (const statement of statements) await statement.execute(trx);
      });
    },
    async close() {},
  };
}

const MAX_STATEMENTS = 200;
const MAX_PARAMETERS = 32_766;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const CHECKPOINT_EVERY_MS = 1000;
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * On a SQLite file, appends also move the WAL's checkpoints off the request thread: a checkpoint
 * copies the log into the database file and syncs it, milliseconds during which better-sqlite3
 * blocks the event loop (it was the p99 of the webhook benchmark). From the first append on, a
 * thread of its own checkpoints every second and this connection stops checkpointing itself.
 */
export function sqliteAppender(sqlite: SQLite.Database, file: string): RowAppender {
  const statements = new Map<string, SQLite.Statement>();
  const checkpoints = file === ':memory:' ? undefined : checkpointer(sqlite, file);

  function insertStatement(table: string, columns: string[], rowCount: number): SQLite.Statement {
    const key = `${table}|${columns.join(',')}|${rowCount}`;
    let statement = statements.get(key);
    if (!statement) {
      // Names come from our code, never from input; checked anyway since they are not parameters.
      for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`Not a plain identifier: ${name}`);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = sqlite.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(rowCount).fill(tuple).join(', ')}`);
      statements.set(key, statement);
    }
    return statement;
  }

  function updateStatement(table: string, columns: string[]): SQLite.Statement {
    const key = `update|${table}|${columns.join(',')}`;
    let statement = statements.get(key);
    if (!statement) {
      for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`Not a plain identifier: ${name}`);
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = sqlite.prepare(`update "${table}" set ${columns.map((c) => `"${c}" = ?`).join(', ')} where "id" = ?`);
      statements.set(key, statement);
    }
    return statement;
  }

  return {
    async append(table, rows) {
      const first = rows[0];
      if (!first) return;
      checkpoints?.start();
      const columns = Object.keys(first);
      // SQLite binds at most 32 766 parameters per statement: a larger batch is split, in one transaction.
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
      sqlite.transaction(() => {
        for (let start = 0; start < rows.length; start += perStatement) {
          const chunk = rows.slice(start, start + perStatement);
          const values: unknown[] = [];
          for (const row of chunk) for (const column of columns) values.push(Reflect.get(row, column));
          insertStatement(table, columns, chunk.length).run(values);
        }
      })();
    },
    async updateById(table, rows) {
      if (rows.length === 0) return;
      checkpoints?.start();
      sqlite.transaction(() => {
        for (const { id, set } of rows) {
          const columns = Object.keys(set);
          updateStatement(table, columns).run([...columns.map((column) => Reflect.get(set, column)), id]);
        }
      })();
    },
    async close() {
      await checkpoints?.stop();
    },
  };
}

function checkpointer(sqlite: SQLite.Database, file: string) {
  let thread: Worker | undefined;
  const selfCheckpointing = (on: boolean) => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${on ? DEFAULT_AUTOCHECKPOINT_PAGES : 0}`);
  };
  return {
    start(): void {
      if (thread) return;
      const started = new Worker(new URL('./checkpoint-thread.mjs', import.meta.url), { workerData: { file, everyMs: CHECKPOINT_EVERY_MS } });
      // It never keeps the process alive; if it dies, this connection checkpoints itself again.
      started.unref();
      started.on('error', () => undefined);
      started.on('exit', () => {
        if (thread === started) thread = undefined;
        selfCheckpointing(true);
      });
      thread = started;
      selfCheckpointing(false);
    },
    async stop(): Promise<void> {
      const running = thread;
      thread = undefined;
      await running?.terminate();
    },
  };
}
