import { useId } from 'react';
import type { Connector } from '../../api/client.ts';
import { useStartRecipe, useStopRecipe, type Recipe } from '../../api/recipes.ts';
import { ErrorBanner, problemsOf, type Problem } from './problems.tsx';
import { startBlockedReason, statusWord } from './summary.ts';

/** The recipe's name, status, Start/Stop (Start disabled with the reason while a slot is not ready), Export. */
export function RecipeHeader({
  recipe,
  heading,
  connectors,
  dirty,
  onProblems,
}: {
  recipe: Recipe;
  heading: (element: HTMLHeadingElement | null) => void;
  connectors: Map<string, Connector> | undefined;
  dirty: boolean;
  onProblems: (problems: Problem[]) => void;
}) {
  const start = useStartRecipe(recipe.id);
  const stop = useStopRecipe(recipe.id);
  const reasonId = useId();
  const blocked = startBlockedReason(recipe.connections, connectors);
  const running = recipe.status === 'running';
  const versionNote =
    running && recipe.runningVersion !== null && recipe.runningVersion !== recipe.version
      ? `Runs version ${recipe.runningVersion}; version ${recipe.version} runs after Stop and Start.`
      : `Version ${recipe.version}.`;

  return (
    <div className="page-header recipe-header">
      <div className="recipe-title">
        <h1 ref={heading} tabIndex={-1}>
          {recipe.name}
        </h1>
        <p className="recipe-state">
          <span className={`recipe-status ${recipe.status}`}>{statusWord(recipe.status)}</span>
          {recipe.statusReason ? <span className="status-detail">{recipe.statusReason}</span> : null}
          <span className="status-detail">{versionNote}</span>
        </p>
        {running && recipe.webhookUrl ? (
          <p className="webhook-url">
            Webhook URL: <code>{recipe.webhookUrl}</code>
          </p>
        ) : null}
      </div>
      <div className="header-actions">
        {running ? (
          <button type="button" className="button secondary" disabled={stop.isPending} onClick={() => stop.mutate()}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={blocked !== null || start.isPending}
            aria-describedby={blocked ? reasonId : undefined}
            onClick={() => start.mutate(undefined, { onSuccess: () => onProblems([]), onError: (err) => onProblems(problemsOf(err)) })}
          >
            Start
          </button>
        )}
        <a className="button secondary" href={`/api/v1/recipes/${encodeURIComponent(recipe.id)}/export`} download>
          Export
        </a>
      </div>
      {!running && blocked ? (
        <p id={reasonId} className="start-reason">
          {blocked}
        </p>
      ) : null}
      {!running && dirty ? <p className="start-reason">Unsaved changes: Start runs the last saved version.</p> : null}
      {start.isError ? <ErrorBanner error={start.error} prefix="The recipe did not start" /> : null}
      {stop.isError ? <ErrorBanner error={stop.error} prefix="The recipe did not stop" /> : null}
    </div>
  );
}
