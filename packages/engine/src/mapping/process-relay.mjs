/**
 * The thread that starts the expression processes and relays between them and the pool
 * (expression-pool.ts). Starting a process blocks the calling thread until the new process has
 * replaced itself with `node` (libuv waits for the exec), which took up to 140 ms on a loaded
 * machine: here it blocks this thread, never the server's event loop. Tasks and outcomes pass
 * through as v8-serialized bytes, never decoded here; deadlines and all decisions stay with the pool.
 *
 * Messages from the pool: `{ op: 'spawn' | 'send' | 'kill', id, bytes? }` and `{ op: 'close' }`.
 * Messages to the pool: `{ op: 'message', id, data }` (`'ready'` or bytes) and `{ op: 'exit', id, reason, fatal }`.
 */
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

/** V8's fatal errors (the heap limit, "invalid size") abort the process. */
const FATAL_SIGNALS = new Set(['SIGABRT']);

const { entry, execArgv, niceness } = workerData;
/** @type {Map<number, import('node:child_process').ChildProcess>} */
const children = new Map();
const port = parentPort;
if (!port) throw new Error('process-relay.mjs runs as a worker thread of the expression pool.');

port.on('message', (message) => {
  if (message.op === 'spawn') spawn(message.id);
  // A send to a process that just died fails in the callback; its exit is reported anyway.
  else if (message.op === 'send') children.get(message.id)?.send(message.bytes, () => {});
  else if (message.op === 'kill') children.get(message.id)?.kill('SIGKILL');
  else if (message.op === 'close') {
    for (const child of children.values()) child.kill('SIGKILL');
    port.close();
    process.exit(0);
  }
});

/** @param {number} id */
function spawn(id) {
  /** @type {import('node:child_process').ChildProcess} */
  let child;
  try {
    child = fork(entry, [], {
      execArgv,
      serialization: 'advanced',
      // Nothing of the server's configuration, secrets included, reaches the process.
      env: {},
      // V8 reports its fatal errors on stderr; the pool logs a warning instead.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
  } catch (err) {
    port.postMessage({ op: 'exit', id, reason: String(err), fatal: false });
    return;
  }
  children.set(id, child);
  // Below the server's priority: when the cores are busy, the event loop that answers requests
  // runs before a runaway expression (which its deadline stops anyway).
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, niceness);
    } catch {
      // Not allowed here (a container without the capability): the process runs at our priority.
    }
  }
  let ended = false;
  /** @param {string} reason @param {boolean} fatal */
  const end = (reason, fatal) => {
    if (ended) return;
    ended = true;
    children.delete(id);
    port.postMessage({ op: 'exit', id, reason, fatal });
  };
  child.on('message', (data) => port.postMessage({ op: 'message', id, data }));
  child.on('exit', (code, signal) => end(signal ?? `exit code ${code}`, signal !== null && FATAL_SIGNALS.has(signal)));
  // Emitted when the process could not be started (or signalled); it may not be followed by 'exit'.
  child.on('error', (err) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) end(err.message, false);
  });
}
