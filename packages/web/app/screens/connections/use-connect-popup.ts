import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { authorizeUrl } from '../../api/connections.ts';
import { keys } from '../../api/keys.ts';

export type ConnectState =
  | { kind: 'idle' }
  | { kind: 'waiting' }
  | { kind: 'done'; ok: boolean; message: string }
  | { kind: 'blocked'; url: string }
  | { kind: 'closed' }
  | { kind: 'failed'; message: string };

interface OAuthMessage {
  type: 'patchbay:oauth';
  ok: boolean;
  connectionId: string | null;
  message: string;
}

const isOAuthMessage = (data: unknown): data is OAuthMessage =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'patchbay:oauth';

/**
 * Connect / Reconnect: the app's authorisation page in a popup. The window is opened at the click
 * (a popup opened after an await is blocked), then sent to the URL Patchbay answers. The callback
 * page posts its result to this origin only (`openerOrigin`); the list then updates without a reload.
 * A popup closed before that says so; a blocked one offers the page as a link.
 */
export function useConnectPopup(connectionId: string) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectState>({ kind: 'idle' });
  const cleanup = useRef<() => void>(() => {});
  useEffect(() => () => cleanup.current(), []);

  const connect = useCallback(async () => {
    cleanup.current();
    const popup = window.open('', `patchbay-connect-${connectionId}`, 'popup,width=520,height=700');
    let url: string;
    try {
      url = (await authorizeUrl(connectionId)).url;
    } catch (err) {
      popup?.close();
      setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (!popup) {
      setState({ kind: 'blocked', url });
      return;
    }
    popup.location.href = url;
    setState({ kind: 'waiting' });
    let finished = false;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== popup || !isOAuthMessage(event.data)) return;
      if (event.data.connectionId !== connectionId) return;
      finished = true;
      cleanup.current();
      setState({ kind: 'done', ok: event.data.ok, message: event.data.message });
      void queryClient.invalidateQueries({ queryKey: keys.connections });
    };
    const timer = window.setInterval(() => {
      if (popup.closed && !finished) {
        cleanup.current();
        setState({ kind: 'closed' });
        void queryClient.invalidateQueries({ queryKey: keys.connections });
      }
    }, 500);
    window.addEventListener('message', onMessage);
    cleanup.current = () => {
      window.removeEventListener('message', onMessage);
      window.clearInterval(timer);
    };
  }, [connectionId, queryClient]);

  return { state, connect };
}
