import { Link } from '@tanstack/react-router';
import type { RecipeUse } from './used-by.ts';

/** Each recipe as a link to it, with whether it is running: the recipes a change to the connection affects. */
export function RecipeLinks({ recipes, label }: { recipes: RecipeUse[]; label: string }) {
  if (recipes.length === 0) return null;
  return (
    <ul className="recipe-links" aria-label={label}>
      {recipes.map((recipe) => (
        <li key={recipe.recipeId}>
          <Link to="/recipes/$recipeId" params={{ recipeId: recipe.recipeId }} search={{}}>
            {recipe.name}
          </Link>
          {recipe.running ? <span className="running-tag">running</span> : null}
        </li>
      ))}
    </ul>
  );
}
