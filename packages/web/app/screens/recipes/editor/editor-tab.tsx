import { useId, useMemo, useState } from 'react';
import { useConnections, useConnectors } from '../../../api/connections.ts';
import { useSaveRecipe, type Recipe, type RecipeDefinition } from '../../../api/recipes.ts';
import { allSteps, looksLikeDefinition } from '../definition.ts';
import { ProblemList, problemsOf, type Problem } from '../problems.tsx';
import { route } from '../route.ts';
import type { EditorEnv } from './editor-env.ts';
import { JsonEditor, parseDefinitionText } from './json-editor.tsx';
import { SlotsSection } from './slots-section.tsx';
import { StepList } from './step-list.tsx';
import { TriggerSection } from './trigger-section.tsx';

/**
 * The recipe editor: name, slots, trigger and steps as forms, or the whole definition as JSON.
 * Save sends the whole definition (a new version); the server's problems show at their fields.
 */
export function EditorTab({
  recipe,
  draft,
  dirty,
  onChange,
  onSaved,
  problems,
  onProblems,
}: {
  recipe: Recipe;
  draft: RecipeDefinition;
  dirty: boolean;
  onChange: (definition: RecipeDefinition) => void;
  onSaved: () => void;
  problems: Problem[];
  onProblems: (problems: Problem[]) => void;
}) {
  const save = useSaveRecipe(recipe.id);
  const connections = useConnections();
  const connectors = useConnectors();
  const navigate = route.useNavigate();
  const ids = { name: useId(), description: useId(), summary: useId() };
  // null: the form; text: the JSON being edited.
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  const orderOf = useMemo(() => new Map(allSteps(draft.steps).map((v) => [v.path, v.order])), [draft.steps]);
  const env: EditorEnv = {
    definition: draft,
    setDefinition: (definition) => {
      setSavedVersion(null);
      onChange(definition);
    },
    recipe,
    connections: connections.data,
    connectors: connectors.data,
    problems,
    orderOf,
    openConnectionsTab: () => void navigate({ search: { tab: 'connections' } }),
  };

  /** The definition to save: the JSON text when editing it (null when it does not parse). */
  const current = (): RecipeDefinition | null => {
    if (jsonText === null) return draft;
    const parsed = parseDefinitionText(jsonText, looksLikeDefinition);
    if (!parsed.ok) {
      setJsonError(parsed.error);
      return null;
    }
    setJsonError(null);
    onChange(parsed.value);
    return parsed.value;
  };

  const submit = () => {
    const definition = current();
    if (!definition) return;
    save.mutate(definition, {
      onSuccess: (saved) => {
        onProblems([]);
        onSaved();
        setSavedVersion(saved.version);
        if (jsonText !== null) setJsonText(JSON.stringify(saved.definition, null, 2));
      },
      onError: (err) => onProblems(problemsOf(err)),
    });
  };

  const toggleJson = () => {
    if (jsonText === null) {
      setJsonText(JSON.stringify(draft, null, 2));
      return;
    }
    if (current()) setJsonText(null);
  };

  const jsonDirty = jsonText !== null && jsonText !== JSON.stringify(draft, null, 2);
  return (
    <form
      className="editor"
      aria-label="Recipe editor"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="editor-toolbar">
        <button type="submit" className="button primary" disabled={save.isPending || (!dirty && !jsonDirty)}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button secondary" aria-pressed={jsonText !== null} onClick={toggleJson}>
          Edit as JSON
        </button>
        {dirty || jsonDirty ? (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              onSaved();
              onProblems([]);
              setJsonError(null);
              if (jsonText !== null) setJsonText(JSON.stringify(recipe.definition, null, 2));
            }}
          >
            Discard changes
          </button>
        ) : null}
        <span role="status" className="save-state">
          {savedVersion !== null && !dirty ? `Saved as version ${savedVersion}.` : dirty || jsonDirty ? 'Unsaved changes.' : ''}
        </span>
      </div>

      {save.isError || problems.length > 0 ? (
        <div role="alert" className="banner error" aria-labelledby={ids.summary}>
          <p id={ids.summary}>
            {problems.length > 0
              ? `${save.isError ? 'Not saved' : 'Not started'}: the recipe has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}, shown at ${problems.length === 1 ? 'its field' : 'their fields'}:`
              : `Not saved: ${save.error?.message ?? ''}`}
          </p>
          <ProblemList problems={problems} />
        </div>
      ) : null}

      {jsonText !== null ? (
        <JsonEditor text={jsonText} onText={setJsonText} error={jsonError} />
      ) : (
        <>
          <section className="editor-section" aria-label="Name and description">
            <div className="field">
              <label htmlFor={ids.name}>Recipe name</label>
              <input id={ids.name} value={draft.name} onChange={(e) => env.setDefinition({ ...draft, name: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.description}>Description</label>
              <input
                id={ids.description}
                value={draft.description ?? ''}
                onChange={(e) => {
                  const { description: _old, ...rest } = draft;
                  env.setDefinition(e.target.value ? { ...rest, description: e.target.value } : rest);
                }}
              />
            </div>
          </section>
          <SlotsSection definition={draft} onChange={env.setDefinition} connectors={connectors.data} />
          <TriggerSection env={env} />
          <section className="editor-section" aria-labelledby={`${ids.name}-steps`}>
            <h2 id={`${ids.name}-steps`}>Steps</h2>
            <StepList env={env} path={[]} steps={draft.steps} label="Steps" />
          </section>
        </>
      )}
    </form>
  );
}
