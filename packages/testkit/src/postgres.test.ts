import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from './postgres.ts';

describeWithPostgres('createTestDatabase', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('creates an empty database of its own that accepts writes', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      expect(rows[0]?.db).toBe(db.name);
      await client.query('create table t (id int primary key)');
      await client.query('insert into t values (1), (2)');
      expect((await client.query('select count(*)::int as n from t')).rows[0]).toEqual({ n: 2 });
    } finally {
      await client.end();
    }
  });

  it('gives every call a distinct database and drops it even with a connection open', async () => {
    const other = await createTestDatabase();
    expect(other.name).not.toBe(db.name);
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    client.on('error', () => {}); // the forced drop terminates this connection on purpose
    await other.drop();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [other.name]);
      expect(rowCount).toBe(0);
    } finally {
      await admin.end();
      await client.end().catch(() => {});
    }
  });
});
