export {
  RecipeDefinition,
  Step,
  StepShape,
  Trigger,
  STEP_TYPES,
  type StepType,
} from './schema.ts';
export { validateRecipe, recipeProblems, MAX_STEPS } from './validate.ts';
export { recipeSlots, type SlotUse, type Builtins, type ConnectorLookup } from './slots.ts';
export { listSteps, mappingsOf, type StepVisit, type StepMapping } from './walk.ts';
