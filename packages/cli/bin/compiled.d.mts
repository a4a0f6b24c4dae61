// Types of compiled.mjs (plain JavaScript: it runs before anything could compile TypeScript).

/** The repository's root, with a trailing separator. */
export const ROOT: string;
/** packages/cli/dist: where `npm install` bundles the CLI. */
export const DIST: string;
export function entryOf(dist?: string): string;
export function stampOf(dist?: string): string;

export interface SourceStamp {
  /** The Node major version the bundle was made for. */
  node: string;
  /** SHA-256 over every input's name and content. */
  hash: string;
  /** Each input file's "size mtime", each watched folder's "dir mtime", or "absent", by path from the root. */
  stats: Record<string, string>;
}

export function sourceInputs(root?: string): { files: string[]; watched: string[] };
export function sourceStamp(root?: string): SourceStamp;
export function builtStamp(dist?: string): SourceStamp | undefined;
export function isBuildFresh(root?: string, dist?: string): boolean;
export function freshCompiledEntry(env?: NodeJS.ProcessEnv): string | undefined;
