/** Placeholder: a recipe's jobs and its 24-hour chart, shown in the recipe page's Jobs tab (issue 9). */
export function RecipeJobs({ recipeId }: { recipeId: string }) {
  return <p>Jobs of {recipeId}</p>;
}
