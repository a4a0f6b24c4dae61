import type { Connection } from '../../api/client.ts';
import { useDisconnectConnection } from '../../api/connections.ts';
import { ConfirmConnectionDialog } from './confirm-dialog.tsx';

export function DisconnectDialog({ connection, onClose }: { connection: Connection; onClose: () => void }) {
  const disconnect = useDisconnectConnection();
  return (
    <ConfirmConnectionDialog
      connection={connection}
      title={`Disconnect “${connection.name}”?`}
      confirmLabel="Disconnect"
      pendingLabel="Disconnecting…"
      mutation={disconnect}
      onClose={onClose}
    >
      <p>Its tokens and secret fields are forgotten; the connection stays, and Connect authorises it again under the same name.</p>
    </ConfirmConnectionDialog>
  );
}
