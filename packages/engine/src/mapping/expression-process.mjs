/**
 * The entry of an expression process (expression-pool.ts): evaluates one task at a time and
 * answers with its outcome. Both cross the IPC channel as v8-serialized bytes, so that the thread
 * relaying them (process-relay.mjs) passes them on without decoding them. It says `ready` once
 * JSONata is loaded, so the pool never counts the start of a process against an expression's time.
 */
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import evaluateJsonata from './evaluate-jsonata.mjs';

if (!process.send) throw new Error('expression-process.mjs runs as a child of the expression pool, with an IPC channel.');
const send = process.send.bind(process);

process.on('message', (bytes) => {
  evaluateJsonata(deserialize(bytes)).then(
    (outcome) => send(serialize(outcome)),
    // Only a result too deep to copy can throw here: reported like JSONata's own internal limits.
    () => send(serialize({ failure: {} })),
  );
});
// The server went away (exited, crashed or was killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
// ...but a process stuck in one long regular expression match never sees its channel close. A
// small thread notices that the server is gone (this process then has another parent) and ends it.
new Worker(
  `const { workerData } = require('node:worker_threads');
  setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 1000);`,
  { eval: true, workerData: process.ppid, resourceLimits: { maxOldGenerationSizeMb: 4 } },
).unref();
send('ready');
