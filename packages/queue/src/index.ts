// One Queue interface, two implementations: embedded (SQLite, in-process workers) and PostgreSQL (pg-boss).
export * from './queue.ts';
export { createEmbeddedQueue, type EmbeddedQueueOptions } from './embedded-queue.ts';
export { createPostgresQueue, type PostgresQueueOptions } from './postgres-queue.ts';
