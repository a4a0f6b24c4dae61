import { useBlocker } from '@tanstack/react-router';
import { useState } from 'react';
import { useConnectors } from '../../api/connections.ts';
import { useRecipe, type Recipe, type RecipeDefinition } from '../../api/recipes.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { RecipeJobs } from '../jobs/recipe-jobs.tsx';
import { ConnectionsTab } from './connections-tab.tsx';
import { EditorTab } from './editor/editor-tab.tsx';
import type { Problem } from './problems.tsx';
import { RecipeHeader } from './recipe-header.tsx';
import { route } from './route.ts';
import type { RecipeTab } from './search.ts';
import { Tabs } from './tabs.tsx';
import { VersionsTab } from './versions-tab.tsx';
import './recipes.css';
import { LoadError } from '../../components/load-error.tsx';

const TABS = [
  { key: 'editor', label: 'Editor' },
  { key: 'connections', label: 'Connections' },
  { key: 'jobs', label: 'Jobs' },
  { key: 'versions', label: 'Versions' },
] as const satisfies readonly { key: RecipeTab; label: string }[];

/** One recipe: its status and Start/Stop, then its editor, connections, jobs and versions in tabs. */
export function RecipePage() {
  const { recipeId } = route.useParams();
  const recipe = useRecipe(recipeId);
  const heading = usePageTitle(recipe.data?.name ?? 'Recipe');

  if (recipe.isPending) return <p role="status">Loading the recipe…</p>;
  if (recipe.isError) {
    return (
      <div className="page">
        <h1 ref={heading} tabIndex={-1}>
          Recipe
        </h1>
        <LoadError what="recipe" error={recipe.error} retry={recipe.refetch} />
      </div>
    );
  }
  return <LoadedRecipe key={recipe.data.id} recipe={recipe.data} heading={heading} />;
}

function LoadedRecipe({ recipe, heading }: { recipe: Recipe; heading: (element: HTMLHeadingElement | null) => void }) {
  const { tab = 'editor' } = route.useSearch();
  const navigate = route.useNavigate();
  const connectors = useConnectors();
  // The definition being edited, kept here so that switching tabs keeps unsaved changes.
  const [draft, setDraft] = useState<RecipeDefinition | null>(null);
  // Problems the server found at save (400) or start (409 steps_invalid), shown at their fields.
  const [problems, setProblems] = useState<Problem[]>([]);
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(recipe.definition);

  useBlocker({
    // Another tab of this recipe keeps the draft; leaving the recipe asks first.
    shouldBlockFn: ({ next }) => dirty && next.pathname !== window.location.pathname && !window.confirm('Leave this recipe? Your unsaved changes will be lost.'),
    enableBeforeUnload: () => dirty,
  });

  return (
    <div className="page recipe-page">
      <RecipeHeader recipe={recipe} heading={heading} connectors={connectors.data} dirty={dirty} onProblems={setProblems} />
      <Tabs label="Recipe" tabs={TABS} selected={tab} onSelect={(key) => void navigate({ search: { tab: key }, replace: true })}>
        {tab === 'editor' ? (
          <EditorTab
            recipe={recipe}
            draft={draft ?? recipe.definition}
            dirty={dirty}
            onChange={setDraft}
            onSaved={() => setDraft(null)}
            problems={problems}
            onProblems={setProblems}
          />
        ) : tab === 'connections' ? (
          <ConnectionsTab recipe={recipe} />
        ) : tab === 'jobs' ? (
          <RecipeJobs recipeId={recipe.id} />
        ) : (
          <VersionsTab recipe={recipe} />
        )}
      </Tabs>
    </div>
  );
}
