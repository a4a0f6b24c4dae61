import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useConnectors } from '../../api/connections.ts';
import { useCreateRecipe, useRecipes } from '../../api/recipes.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { minimalDefinition } from './definition.ts';
import { ImportDialog } from './import-dialog.tsx';
import { ErrorBanner } from './problems.tsx';
import { slotsSummary, statusWord, triggerTitle } from './summary.ts';
import './recipes.css';
import { LoadError } from '../../components/load-error.tsx';

/** Every recipe: whether it runs, what starts it, whether its connections are ready. */
export function RecipesPage() {
  const heading = usePageTitle('Recipes');
  const recipes = useRecipes();
  const connectors = useConnectors();
  const create = useCreateRecipe();
  const navigate = useNavigate();
  const [importing, setImporting] = useState(false);

  const createRecipe = () =>
    create.mutate(minimalDefinition('Untitled recipe'), {
      onSuccess: (recipe) => void navigate({ to: '/recipes/$recipeId', params: { recipeId: recipe.id }, search: { tab: 'editor' } }),
    });

  const all = recipes.data ?? [];
  return (
    <div className="page">
      <div className="page-header recipes-header">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            Recipes
          </h1>
          <p className="page-intro">A recipe is a workflow: a trigger, then steps that read from and write to your apps through connections.</p>
        </div>
        <div className="header-actions">
          <button type="button" className="button primary" onClick={createRecipe} disabled={create.isPending}>
            New recipe
          </button>
          <button type="button" className="button secondary" onClick={() => setImporting(true)}>
            Import
          </button>
        </div>
      </div>
      {create.isError ? <ErrorBanner error={create.error} prefix="The recipe could not be created" /> : null}

      {recipes.isPending ? (
        <p role="status">Loading recipes…</p>
      ) : recipes.isError ? (
        <LoadError what="recipes" error={recipes.error} retry={recipes.refetch} />
      ) : all.length === 0 ? (
        <div className="empty">
          <p>
            <strong>No recipes yet.</strong>
          </p>
          <p>
            A recipe runs when its trigger fires — a webhook call, a schedule, a new record in an app — and then runs its steps: create a Zendesk organization for
            each new Salesforce account, a Jira issue for each new case.
          </p>
          <p>
            Choose <strong>New recipe</strong> to build one step by step, or <strong>Import</strong> a recipe exported as JSON.
          </p>
        </div>
      ) : (
        <>
          <p role="status" className="count">
            {all.length === 1 ? '1 recipe' : `${all.length} recipes`}
          </p>
          <table className="recipe-table" aria-label="Recipes">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Connections</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {all.map((recipe) => {
                const slots = slotsSummary(recipe.connections);
                return (
                  <tr key={recipe.id}>
                    <th scope="row" data-label="Name">
                      <Link to="/recipes/$recipeId" params={{ recipeId: recipe.id }} search={{}}>
                        {recipe.name}
                      </Link>
                    </th>
                    <td data-label="Status">
                      <span className={`recipe-status ${recipe.status}`}>{statusWord(recipe.status)}</span>
                      {recipe.statusReason ? <span className="status-detail"> {recipe.statusReason}</span> : null}
                    </td>
                    <td data-label="Trigger">{triggerTitle(recipe.trigger, connectors.data)}</td>
                    <td data-label="Connections">
                      <span className={slots.ready ? 'slots-ready' : 'slots-not-ready'}>{slots.text}</span>
                    </td>
                    <td data-label="Updated">
                      <RelativeTime iso={recipe.updatedAt} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {importing ? <ImportDialog onClose={() => setImporting(false)} /> : null}
    </div>
  );
}
