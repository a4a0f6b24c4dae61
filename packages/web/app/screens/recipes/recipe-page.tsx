/** Placeholder: one recipe, its editor and its tabs (issue 9). */
export function RecipePage() {
  return <h1>Recipe</h1>;
}
