// Types of regex-guard.mjs (plain JavaScript, so that the expression worker can load it).

/** The code `GuardedRegExp` throws with, outside JSONata's own catalogue. */
export declare const REFUSED_REGEX: 'D9001';

/** Why `pattern` may backtrack exponentially, or undefined when it looks safe. */
export declare function regexHazard(pattern: string): string | undefined;

/** The RegExp constructor given to JSONata: refuses the patterns `regexHazard` refuses. */
export declare const GuardedRegExp: RegExpConstructor;
