/**
 * JSONata's time limit is checked between evaluation steps, but one regular expression match runs
 * as a single synchronous call: `/(a+)+$/` on forty "a"s runs for minutes, past any limit. The
 * classic cause of such exponential backtracking is a repeated group that itself holds a
 * repetition ("nested quantifiers"); those patterns are refused when a recipe is saved, with a
 * message that says how to rewrite them. This is a conservative heuristic, not a proof: it catches
 * the well-known shapes and leaves ordinary patterns alone. What it misses (`(a|aa)+$`) is stopped
 * by the hard deadline of the expression pool (expression-pool.ts), which ends the worker thread.
 *
 * Plain JavaScript (with types in regex-guard.d.mts) because the expression worker, which cannot
 * load TypeScript, uses it too: one definition for the save-time check and the run-time one.
 */

/** The code `GuardedRegExp` throws with, outside JSONata's own catalogue. */
export const REFUSED_REGEX = 'D9001';

/**
 * Why `pattern` may backtrack exponentially, or undefined when it looks safe.
 * @param {string} pattern
 * @returns {string | undefined}
 */
export function regexHazard(pattern) {
  // Per open group: whether it (or a group inside it) repeats something without a small bound.
  /** @type {boolean[]} */
  const groups = [false];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      i = endOfClass(pattern, i);
    } else if (c === '(') {
      groups.push(false);
      if (pattern[i + 1] === '?') i++; // `(?:`, `(?=`, `(?<name>`: the `?` is not a quantifier
    } else if (c === ')') {
      const innerRepeats = groups.pop() ?? false;
      const quantifier = quantifierAt(pattern, i + 1);
      if (innerRepeats && quantifier.repeats) {
        return 'it repeats a group that itself repeats (like "(a+)+"), which can take exponential time on some texts';
      }
      markRepeat(groups, innerRepeats || quantifier.repeats);
      i += quantifier.length;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.repeats) markRepeat(groups, true);
      i += Math.max(quantifier.length - 1, 0);
    }
  }
  return undefined;
}

/** @param {boolean[]} groups @param {boolean} repeats */
function markRepeat(groups, repeats) {
  if (repeats && groups.length > 0) groups[groups.length - 1] = true;
}

/** @param {string} pattern @param {number} open */
function endOfClass(pattern, open) {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}

/**
 * The quantifier at `at`: `*`, `+` and `{n,}`/`{n,m}` with m > 1 repeat; `?` and `{1}` do not.
 * @param {string} pattern @param {number} at
 * @returns {{ repeats: boolean, length: number }}
 */
function quantifierAt(pattern, at) {
  const c = pattern[at];
  if (c === '*' || c === '+') return { repeats: true, length: 1 };
  if (c === '?') return { repeats: false, length: 1 };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (!braces) return { repeats: false, length: 0 };
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { repeats: max > 1, length: braces[0].length };
}

/**
 * The RegExp constructor JSONata is given to build every regular expression it evaluates,
 * including ones produced by `$eval`; literals in a recipe are already checked when it is saved.
 * A proxy rather than a subclass, because JSONata's option is typed as the RegExp constructor itself.
 * @type {RegExpConstructor}
 */
export const GuardedRegExp = new Proxy(RegExp, {
  construct(target, args, newTarget) {
    const [pattern] = args;
    const source = pattern instanceof RegExp ? pattern.source : String(pattern);
    const hazard = regexHazard(source);
    // Shaped like JSONata's own failures (a plain object with a code), so it is reported like them.
    if (hazard !== undefined) throw { code: REFUSED_REGEX, message: `The regular expression is refused: ${hazard}` };
    return Reflect.construct(target, args, newTarget);
  },
});
