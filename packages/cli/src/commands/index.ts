import type { Command } from '../command.ts';
import { authorizeConnection } from './connections/authorize.ts';
import { createConnection } from './connections/create.ts';
import { deleteConnection } from './connections/delete.ts';
import { disconnectConnection } from './connections/disconnect.ts';
import { listConnections } from './connections/list.ts';
import { showConnection } from './connections/show.ts';
import { testConnection } from './connections/test.ts';
import { generateKey } from './keys/generate.ts';
import { rotateKeys } from './keys/rotate.ts';
import { migrate } from './migrate.ts';
import { serve } from './serve.ts';

export const COMMANDS: readonly Command[] = [
  serve,
  migrate,
  generateKey,
  rotateKeys,
  listConnections,
  showConnection,
  createConnection,
  testConnection,
  authorizeConnection,
  disconnectConnection,
  deleteConnection,
];
