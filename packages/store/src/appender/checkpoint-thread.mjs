// Checkpoints a SQLite WAL from a thread of its own (see appender.ts). Plain JavaScript: worker
// threads do not inherit tsx's loader on Node 20. PASSIVE never waits for readers or writers;
// pages still in use are copied on a later round.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const sqlite = new SQLite(workerData.file);
sqlite.pragma('busy_timeout = 5000');
const timer = setInterval(() => sqlite.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.once('close', () => {
  clearInterval(timer);
  sqlite.close();
});
