import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { useImportRecipe } from '../../api/recipes.ts';
import { looksLikeDefinition } from './definition.ts';
import { ErrorBanner } from './problems.tsx';

/** Import: a recipe exported as JSON, from a file or pasted; the server checks it and says where each problem is. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const importRecipe = useImportRecipe();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const ids = { title: useId(), text: useId(), file: useId(), hint: useId() };

  // Opened once, never closed in a cleanup (see DeleteDialog: StrictMode runs effects twice).
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  const submit = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      setParseError(`This is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!looksLikeDefinition(parsed)) {
      setParseError('This is JSON but not a recipe: it needs name, connections, trigger and steps.');
      return;
    }
    setParseError(null);
    importRecipe.mutate(parsed, {
      onSuccess: (recipe) => {
        dialog.current?.close();
        void navigate({ to: '/recipes/$recipeId', params: { recipeId: recipe.id }, search: {} });
      },
    });
  };

  return (
    <dialog ref={dialog} className="dialog import-dialog" aria-labelledby={ids.title} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h2 id={ids.title}>Import a recipe</h2>
        <div className="field">
          <label htmlFor={ids.file}>Recipe file</label>
          <input id={ids.file} type="file" accept=".json,application/json" onChange={(e) => void readFile(e.target.files?.[0])} />
        </div>
        <div className="field">
          <label htmlFor={ids.text}>Recipe JSON</label>
          <textarea id={ids.text} className="code-area" rows={10} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={ids.hint} spellCheck={false} />
          <p id={ids.hint} className="hint">
            What <code>GET /api/v1/recipes/&lt;id&gt;/export</code> gives: it becomes a new, stopped recipe whose connections you then choose.
          </p>
        </div>
        {parseError ? (
          <p role="alert" className="field-error">
            {parseError}
          </p>
        ) : null}
        {importRecipe.isError ? <ErrorBanner error={importRecipe.error} prefix="The recipe was not imported" /> : null}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={importRecipe.isPending || text.trim() === ''}>
            Import recipe
          </button>
        </div>
      </form>
    </dialog>
  );
}
