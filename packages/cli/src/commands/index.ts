import type { Command } from '../command.ts';
import { authorizeConnection } from './connections/authorize.ts';
import { createConnection } from './connections/create.ts';
import { deleteConnection } from './connections/delete.ts';
import { disconnectConnection } from './connections/disconnect.ts';
import { listConnections } from './connections/list.ts';
import { showConnection } from './connections/show.ts';
import { testConnection } from './connections/test.ts';
import { execConnectorAction } from './connectors/exec.ts';
import { listConnectors } from './connectors/list.ts';
import { showConnector } from './connectors/show.ts';
import { listJobs } from './jobs/list.ts';
import { cancelJob } from './jobs/cancel.ts';
import { rerunJob } from './jobs/rerun.ts';
import { showJob } from './jobs/show.ts';
import { generateKey } from './keys/generate.ts';
import { rotateKeys } from './keys/rotate.ts';
import { demoAdd } from './demo/add.ts';
import { demo } from './demo/run.ts';
import { emulate } from './emulate.ts';
import { migrate } from './migrate.ts';
import { bindRecipe } from './recipes/bind.ts';
import { deleteRecipe } from './recipes/delete.ts';
import { exportRecipe } from './recipes/export.ts';
import { importRecipe } from './recipes/import.ts';
import { listRecipes } from './recipes/list.ts';
import { showRecipe } from './recipes/show.ts';
import { startRecipe } from './recipes/start.ts';
import { stopRecipe } from './recipes/stop.ts';
import { serve } from './serve.ts';
import { worker } from './worker.ts';

export const COMMANDS: readonly Command[] = [
  serve,
  worker,
  migrate,
  generateKey,
  rotateKeys,
  listConnectors,
  showConnector,
  execConnectorAction,
  listConnections,
  showConnection,
  createConnection,
  testConnection,
  authorizeConnection,
  disconnectConnection,
  deleteConnection,
  listRecipes,
  showRecipe,
  importRecipe,
  exportRecipe,
  bindRecipe,
  startRecipe,
  stopRecipe,
  deleteRecipe,
  listJobs,
  showJob,
  rerunJob,
  cancelJob,
  emulate,
  // `demo add` before `demo`: the first command whose words match is run.
  demoAdd,
  demo,
];
