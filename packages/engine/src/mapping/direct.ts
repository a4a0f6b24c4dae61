import type jsonata from 'jsonata';

/**
 * Most expressions in recipes are plain paths (`trigger.body.id`), sometimes with a little
 * arithmetic, joining or a comparison (`trigger.body.amount * 2`, `steps.a.output.total > 100`).
 * JSONata evaluates every node asynchronously and wraps values in sequences, which made these the
 * bulk of a simple job's cost (~15 µs for `amount * 2`). Such expressions are compiled here into a
 * direct reader that answers only when the values are plain — objects without arrays on the way,
 * numbers with numbers, strings with strings — and otherwise says "ask JSONata" (`NOT_DIRECT`): a
 * missing value, an array, a type mismatch, a non-finite number. So every answer is exactly
 * JSONata's; the equivalence tests in direct.test.ts hold it to that.
 */
export type DirectReader = (root: unknown) => unknown;

/** Marks "ask JSONata": the direct reader does not apply to these values. */
export const NOT_DIRECT: unique symbol = Symbol('not direct');

type Node = jsonata.ExprNode;

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};
const ORDER: Record<string, (a: number | string, b: number | string) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** A direct reader for the expression, or undefined when it is not one of the simple shapes. */
export function compileDirect(node: Node): DirectReader | undefined {
  // jsonata's types leave "path" out of the node types, though its parser makes them.
  const type: string = node.type;
  if (type === 'path') return pathReader(node);
  if ((type === 'number' || type === 'string') && hasOnlyKeys(node, ['type', 'value', 'position'])) {
    const value: unknown = node.value;
    return () => value;
  }
  // (jsonata types lhs and rhs loosely: a binary operator has one node on each side.)
  const { lhs, rhs } = node;
  if (type === 'binary' && isNode(lhs) && isNode(rhs) && typeof node.value === 'string' && hasOnlyKeys(node, ['type', 'value', 'position', 'lhs', 'rhs'])) {
    const left = compileDirect(lhs);
    const right = compileDirect(rhs);
    return left && right ? binaryReader(node.value, left, right) : undefined;
  }
  return undefined;
}

function isNode(value: Node | Node[] | [Node, Node][] | undefined): value is Node {
  return value !== undefined && !Array.isArray(value);
}

function hasOnlyKeys(node: object, keys: readonly string[]): boolean {
  return Object.keys(node).every((key) => keys.includes(key));
}

function pathReader(node: Node): DirectReader | undefined {
  if (!node.steps || node.steps.length === 0 || !hasOnlyKeys(node, ['type', 'steps'])) return undefined;
  const names: string[] = [];
  for (const step of node.steps) {
    if (step.type !== 'name' || typeof step.value !== 'string' || !hasOnlyKeys(step, ['type', 'value', 'position'])) return undefined;
    names.push(step.value);
  }
  return (root) => {
    let value = root;
    for (const name of names) {
      // Inherited names (`constructor`) and arrays (JSONata maps over them) are JSONata's business.
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, name)) return NOT_DIRECT;
      value = Reflect.get(value, name);
    }
    // An array result raises JSONata's sequence questions (singletons, flattening).
    return value === undefined || Array.isArray(value) ? NOT_DIRECT : value;
  };
}

function binaryReader(operator: string, left: DirectReader, right: DirectReader): DirectReader | undefined {
  const arithmetic = ARITHMETIC[operator];
  if (arithmetic) {
    return (root) => {
      const a = left(root);
      const b = right(root);
      if (typeof a !== 'number' || typeof b !== 'number') return NOT_DIRECT;
      const result = arithmetic(a, b);
      return Number.isFinite(result) ? result : NOT_DIRECT;
    };
  }
  const order = ORDER[operator];
  if (order) {
    return (root) => {
      const a = left(root);
      const b = right(root);
      return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') ? order(a, b) : NOT_DIRECT;
    };
  }
  if (operator === '=' || operator === '!=') {
    return (root) => {
      const a = left(root);
      const b = right(root);
      const comparable = (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') && typeof a === typeof b;
      return comparable ? (a === b) === (operator === '=') : NOT_DIRECT;
    };
  }
  if (operator === '&') {
    return (root) => {
      const a = left(root);
      const b = right(root);
      return typeof a === 'string' && typeof b === 'string' ? a + b : NOT_DIRECT;
    };
  }
  return undefined;
}
