import type { Connection } from '../../api/client.ts';
import { useDeleteConnection } from '../../api/connections.ts';
import { ConfirmConnectionDialog } from './confirm-dialog.tsx';

export function DeleteDialog({ connection, onClose }: { connection: Connection; onClose: () => void }) {
  const remove = useDeleteConnection();
  return (
    <ConfirmConnectionDialog
      connection={connection}
      title={`Delete “${connection.name}”?`}
      confirmLabel="Delete connection"
      pendingLabel="Deleting…"
      mutation={remove}
      onClose={onClose}
    >
      <p>Its stored credentials are deleted for good. Recipes that use this connection stop working until they are given another one.</p>
    </ConfirmConnectionDialog>
  );
}
