/**
 * Static facts about a parsed JSONata expression, for checks at save time: which names of the
 * evaluation scope it reads (`trigger`, `steps.<id>.output`, `item`, `index`, `error`) and which
 * regular expressions it holds.
 *
 * Only reads that certainly start at the scope's root are reported: the first step of a path
 * evaluated at the root, or anything after `$$`. Inside predicates, later path steps, sorts and
 * transforms the context is some other value, so names there are field names of data and are left
 * alone; a check never refuses a recipe on a guess.
 */

/** A read of the evaluation scope: `steps.lookup.output` is `{ name: 'steps', step: 'lookup', field: 'output' }`. */
export interface ScopeRead {
  name: string;
  step?: string;
  field?: string;
}

export interface ExpressionFacts {
  reads: ScopeRead[];
  regexes: RegExp[];
}

type AstNode = { type: string } & Record<string, unknown>;

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function analyzeExpression(ast: unknown): ExpressionFacts {
  const facts: ExpressionFacts = { reads: [], regexes: [] };
  visit(ast, true, facts);
  return facts;
}

function visit(node: unknown, atRoot: boolean, facts: ExpressionFacts): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, atRoot, facts);
    return;
  }
  if (!isNode(node)) {
    if (typeof node === 'object' && node !== null && !(node instanceof RegExp)) visitAll(node, facts);
    return;
  }
  switch (node.type) {
    case 'path':
      visitPath(list(node.steps), atRoot, facts);
      break;
    case 'regex':
      if (node.value instanceof RegExp) facts.regexes.push(node.value);
      break;
    // These evaluate their operands in the context they themselves are in.
    case 'binary':
    case 'apply':
      visit(node.lhs, atRoot, facts);
      visit(node.rhs, atRoot, facts);
      break;
    case 'function':
    case 'partial':
      visit(node.procedure, atRoot, facts);
      visit(node.arguments, atRoot, facts);
      break;
    case 'condition':
      visit([node.condition, node.then, node.else], atRoot, facts);
      break;
    case 'block':
      visit(node.expressions, atRoot, facts);
      break;
    case 'bind':
      visit(node.rhs, atRoot, facts);
      break;
    case 'unary':
      // `[...]` holds `expressions`, `{...}` holds `lhs` pairs, `-x` holds `expression`.
      visit([node.expressions, node.lhs, node.expression], atRoot, facts);
      break;
    case 'lambda':
      // A function's body runs against the input it was defined on.
      visit(node.body, atRoot, facts);
      break;
    default:
      // transform, sort and anything newer: a context we cannot be sure of.
      visitAll(node, facts);
  }
  visitRelative(node, facts);
}

function visitPath(steps: unknown[], atRoot: boolean, facts: ExpressionFacts): void {
  const [first, ...rest] = steps;
  const names = steps.map((s) => (isNode(s) && s.type === 'name' && typeof s.value === 'string' ? s.value : undefined));
  // `$$` is always the root; `$` is the root only where the context is.
  const anchoredAtRoot = isNode(first) && first.type === 'variable' && (first.value === '$' || (first.value === '' && atRoot));
  if (anchoredAtRoot) recordRead(names.slice(1), steps.slice(1), facts);
  else if (atRoot) recordRead(names, steps, facts);
  visit(first, atRoot, facts);
  for (const step of rest) visit(step, false, facts);
}

function recordRead(names: (string | undefined)[], steps: unknown[], facts: ExpressionFacts): void {
  const [name, step, field] = names;
  if (name === undefined) return;
  const read: ScopeRead = { name };
  // `steps[0]` or `steps{...}` select dynamically: the step id is then unknown.
  if (name === 'steps' && step !== undefined && !isDynamic(steps[0])) {
    read.step = step;
    if (field !== undefined && !isDynamic(steps[1])) read.field = field;
  }
  facts.reads.push(read);
}

function isDynamic(step: unknown): boolean {
  return isNode(step) && ('stages' in step || 'predicate' in step || 'group' in step);
}

/** Predicates, stages and group-by clauses run with each selected value as their context. */
function visitRelative(node: AstNode, facts: ExpressionFacts): void {
  for (const stage of [...list(node.stages), ...list(node.predicate)]) {
    if (isNode(stage)) visit(stage.expr, false, facts);
  }
  if (typeof node.group === 'object' && node.group !== null && 'lhs' in node.group) visit(node.group.lhs, false, facts);
}

/** Walks every child without treating any read as a root read; still finds regexes and `$$`. */
function visitAll(node: object, facts: ExpressionFacts): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'stages' || key === 'predicate' || key === 'group') continue;
    visit(value, false, facts); // also plain holders such as a sort's `terms: [{ expression }]`
  }
}
