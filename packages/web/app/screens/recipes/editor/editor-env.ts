import type { Connection, Connector } from '../../../api/client.ts';
import type { Recipe, RecipeDefinition } from '../../../api/recipes.ts';
import type { Problem } from '../problems.tsx';

/** What every part of the editor reads: the draft and how to change it, and what the server knows. */
export interface EditorEnv {
  definition: RecipeDefinition;
  setDefinition: (definition: RecipeDefinition) => void;
  recipe: Recipe;
  connections: readonly Connection[] | undefined;
  connectors: Map<string, Connector> | undefined;
  problems: readonly Problem[];
  /** Each step's place in document order, by its path (`steps[0].then[1]`): a step sees earlier steps' data. */
  orderOf: ReadonlyMap<string, number>;
  openConnectionsTab: () => void;
}

/** The problems that belong to a step itself: not its input (shown in its form) nor its nested steps. */
export function ownProblems(problems: readonly Problem[], stepPath: string): Problem[] {
  return problems.filter((p) => {
    if (p.path !== stepPath && !p.path.startsWith(`${stepPath}.`)) return false;
    const rest = p.path.slice(stepPath.length);
    return !rest.startsWith('.input.') && rest !== '.input' && !/^\.(then|else|steps|catch)\[/.test(rest);
  });
}
