export * from './store.ts';
export * from './schema.ts';
export { LockTimeoutError, type LockOptions } from './locks.ts';
export { createBatchedCall, createGroupCommit } from './group-commit.ts';
