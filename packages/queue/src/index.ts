// One Queue interface, two implementations: embedded (SQLite, in-process workers) and PostgreSQL
// (a table of its own, claimed in batches, LISTEN/NOTIFY). pgboss/ holds the former PostgreSQL queue,
// kept only as the baseline of bench/queue-throughput.ts.
export * from './queue.ts';
export { createEmbeddedQueue, type EmbeddedQueueOptions } from './embedded-queue.ts';
export { createPostgresQueue, type PostgresQueueOptions } from './postgres-queue.ts';
