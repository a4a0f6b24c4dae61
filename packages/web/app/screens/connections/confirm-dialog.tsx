import type { UseMutationResult } from '@tanstack/react-query';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { PatchbayApiError, type Connection } from '../../api/client.ts';
import { RecipeLinks } from './recipe-links.tsx';
import { recipesFromConflict, recipesUsing } from './used-by.ts';

interface ConfirmProps {
  connection: Connection;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  mutation: UseMutationResult<unknown, Error, string>;
  onClose: () => void;
}

/**
 * A confirmation before a change that breaks the recipes using the connection (Delete, Disconnect):
 * a modal <dialog> (focus moves in and stays; Escape cancels) listing those recipes. The server refuses
 * (409 connection_in_use) while running recipes use it: those recipes are shown, and the dialog
 * offers no way around it (stop the recipes first).
 */
export function ConfirmConnectionDialog({ connection, title, children, confirmLabel, pendingLabel, mutation, onClose }: ConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();
  const recipes = recipesUsing(connection);
  const refusal = mutation.error instanceof PatchbayApiError && mutation.error.code === 'connection_in_use' ? mutation.error : null;

  // Opened once; never closed in a cleanup: closing fires `close`, which would unmount the dialog
  // (React's StrictMode runs effects twice). Unmounting removes it from the top layer anyway.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="dialog connection-dialog" aria-labelledby={titleId} aria-describedby={textId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      <div id={textId}>
        {children}
        {refusal ? null : recipes.length > 0 ? (
          <p>
            {recipes.length === 1 ? 'This recipe uses it and would break:' : `These ${recipes.length} recipes use it and would break:`}
          </p>
        ) : (
          <p>No recipe uses it.</p>
        )}
      </div>
      {/* Once refused, the server's list (below) is the one that counts. */}
      {refusal ? null : <RecipeLinks recipes={recipes} label="Recipes that would break" />}
      {refusal ? (
        <div role="alert" className="refusal">
          {/* The server's message speaks to API users (?force=true); here the way forward is to stop them. */}
          <p className="field-error">
            Running recipes use this connection. Stop them first, then try again.
          </p>
          <RecipeLinks recipes={recipesFromConflict(refusal.details)} label="Running recipes that use it" />
        </div>
      ) : mutation.isError ? (
        <p role="alert" className="field-error">
          {mutation.error.message}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button secondary" autoFocus onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        {refusal ? null : (
          <button
            type="button"
            className="button danger"
            disabled={mutation.isPending}
            onClick={() => mutation.mutate(connection.id, { onSuccess: () => dialog.current?.close() })}
          >
            {mutation.isPending ? pendingLabel : confirmLabel}
          </button>
        )}
      </div>
    </dialog>
  );
}
