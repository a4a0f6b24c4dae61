import { useEffect, useId, useRef } from 'react';
import type { Connection } from '../../api/client.ts';
import { useDeleteConnection } from '../../api/connections.ts';

/**
 * The confirmation before deleting: a modal <dialog> (focus moves in and stays; Escape cancels).
 * A connection used by running recipes is refused by the server, whose message names them.
 */
export function DeleteDialog({ connection, onClose }: { connection: Connection; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const remove = useDeleteConnection();
  const titleId = useId();
  const textId = useId();

  // Opened once; never closed in a cleanup: closing fires `close`, which would unmount the dialog
  // (React's StrictMode runs effects twice). Unmounting removes it from the top layer anyway.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} aria-describedby={textId} onClose={onClose}>
      <h2 id={titleId}>Delete “{connection.name}”?</h2>
      <p id={textId}>Its stored credentials are deleted for good. Recipes that use this connection stop working until they are given another one.</p>
      {remove.isError ? (
        <p role="alert" className="field-error">
          {remove.error.message}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button secondary" autoFocus onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className="button danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(connection.id, { onSuccess: () => dialog.current?.close() })}
        >
          {remove.isPending ? 'Deleting…' : 'Delete connection'}
        </button>
      </div>
    </dialog>
  );
}
