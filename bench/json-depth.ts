/**
 * What the body depth check (server/src/http/json-parser.ts, `jsonDeeperThan`) costs beside the
 * JSON.parse every body pays anyway, on webhook-like bodies of ~1 and ~10 KB: a string-heavy event
 * (most bodies: fewer brackets than the limit, settled by counting them), and a bracket-heavy one
 * (arrays of small arrays of numbers, more brackets than the limit: scanned, the worst case). Also
 * shown, for the choice made: the scan without the counting shortcut, and a walk of the parsed value
 * instead of the text. Subjects alternate over rounds; medians printed as
 * ns per call, ns per KB, and the ratio to JSON.parse alone of the same body.
 *   npx tsx bench/json-depth.ts [rounds=7]
 */
import { MAX_JSON_DEPTH, jsonDeeperThan } from '../packages/server/src/http/json-parser.ts';
import { median } from './measure.ts';
import { report } from './result.ts';

const rounds = Number(process.argv[2] ?? 7);

/** A GitHub-push-like event of about `kb` KB: URLs, names, messages, a few levels deep. */
function stringHeavy(kb: number): string {
  const commit = (i: number) => ({
    id: `c0ffee${i}`.padEnd(40, '0'),
    message: `Fix the \\"thing\\" number ${i} in the parser (see issue #${i})`,
    timestamp: '2024-05-01T12:00:00Z',
    url: `https://example.com/acme/widgets/commit/${i}`,
    author: { name: 'Ada Lovelace', email: 'ada@example.com', username: 'ada' },
    added: [`src/file-${i}.ts`],
    removed: [],
    modified: ['README.md', `src/other-${i}.ts`],
    distinct: true,
  });
  const event = { ref: 'refs/heads/main', before: '0'.repeat(40), after: 'f'.repeat(40), repository: { id: 1, full_name: 'acme/widgets', private: false }, commits: [] as unknown[] };
  for (let i = 0; JSON.stringify(event).length < kb * 1024; i++) event.commits.push(commit(i));
  return JSON.stringify(event);
}

/** About `kb` KB of short arrays of numbers: many brackets, almost no strings. */
function bracketHeavy(kb: number): string {
  const rows: number[][] = [];
  for (let i = 0; JSON.stringify({ rows }).length < kb * 1024; i++) rows.push([i, i * 2.5, -i, 0]);
  return JSON.stringify({ rows });
}

/** jsonDeeperThan's scan without its counting shortcut: what every body would pay. */
function scanOnly(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x5b) {
      if (c === 0x22) {
        for (;;) {
          i = text.indexOf('"', i + 1);
          if (i === -1) return false;
          let backslashes = 0;
          while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
          if (backslashes % 2 === 0) break;
        }
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The depth of the parsed value, walked with an explicit stack. */
function walkDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop() as [unknown, number];
    if (typeof next !== 'object' || next === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(next) ? next : Object.values(next)) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
  return false;
}

let sink = 0;
const subjects: [string, (text: string) => void][] = [
  ['JSON.parse alone (baseline)', (t) => void (sink += JSON.parse(t) === null ? 0 : 1)],
  ['jsonDeeperThan + JSON.parse', (t) => void (sink += jsonDeeperThan(t, MAX_JSON_DEPTH) ? 0 : JSON.parse(t) === null ? 0 : 1)],
  ['jsonDeeperThan alone', (t) => void (sink += jsonDeeperThan(t, MAX_JSON_DEPTH) ? 0 : 1)],
  ['scan without counting first (not used)', (t) => void (sink += scanOnly(t, MAX_JSON_DEPTH) ? 0 : 1)],
  ['JSON.parse + walk of the value (not used)', (t) => void (sink += walkDeeperThan(JSON.parse(t), MAX_JSON_DEPTH) ? 0 : 1)],
];

/** ns per call of `fn` over enough calls to last ~50 ms. */
function timeIt(fn: (text: string) => void, text: string): number {
  let calls = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 50_000_000n) {
    for (let i = 0; i < 100; i++) fn(text);
    calls += 100;
    elapsed = process.hrtime.bigint() - started;
  }
  return Number(elapsed) / calls;
}

for (const [name, text] of [
  ['string-heavy 1 KB', stringHeavy(1)],
  ['string-heavy 10 KB', stringHeavy(10)],
  ['bracket-heavy 1 KB', bracketHeavy(1)],
  ['bracket-heavy 10 KB', bracketHeavy(10)],
] as const) {
  const kb = text.length / 1024;
  const times = new Map<string, number[]>();
  for (const [subject, fn] of subjects) timeIt(fn, text); // warm up
  for (let round = 0; round < rounds; round++) for (const [subject, fn] of subjects) times.set(subject, [...(times.get(subject) ?? []), timeIt(fn, text)]);
  const baseline = median(times.get(subjects[0]?.[0] ?? '') ?? []);
  console.log(`\n${name} (${text.length} bytes), medians of ${rounds} rounds:`);
  for (const [subject, list] of times) {
    const ns = median(list);
    console.log(`  ${subject.padEnd(42)} ${ns.toFixed(0).padStart(8)} ns  ${(ns / kb).toFixed(0).padStart(6)} ns/KB  ratio ${(ns / baseline).toFixed(3)}`);
  }
  // The check as the server runs it, on the typical body and on the worst case, each at 10 KB.
  if (name.endsWith('10 KB')) {
    report({ figure: `depth check + parse, ${name}`, value: median(times.get(subjects[1]?.[0] ?? '') ?? []) / 1000, unit: 'µs', baseline: 'JSON.parse alone', baselineValue: baseline / 1000, better: 'lower' });
  }
}
if (sink < 0) console.log(sink);
