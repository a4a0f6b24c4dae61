/** Placeholder: the Recipes list (issue 9). */
export function RecipesPage() {
  return <h1>Recipes</h1>;
}
