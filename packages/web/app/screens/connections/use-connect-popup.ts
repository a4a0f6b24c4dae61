import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { authorizeUrl } from '../../api/connections.ts';
import { keys } from '../../api/keys.ts';
import { currentPathWithoutOAuthResult } from './oauth-return.ts';

export type ConnectState =
  | { kind: 'idle' }
  | { kind: 'waiting'; connectionId: string }
  | { kind: 'done'; connectionId: string; ok: boolean; message: string }
  /** No popup (the browser blocked it): the whole page is on its way to the app. */
  | { kind: 'redirecting'; connectionId: string }
  | { kind: 'closed'; connectionId: string }
  | { kind: 'failed'; message: string };

interface OAuthMessage {
  type: 'patchbay:oauth';
  ok: boolean;
  connectionId: string | null;
  message: string;
}

const isOAuthMessage = (data: unknown): data is OAuthMessage =>
  typeof data === 'object' && data !== null && Reflect.get(data, 'type') === 'patchbay:oauth';

export interface ConnectOptions {
  /** The path the app sends the browser back to after a full-page authorisation (default: this page as it is). */
  returnTo?: (connectionId: string) => string;
}

/**
 * Connect / Reconnect for any connection, including one that does not exist yet: `connect` takes the
 * id, or a function that creates the connection and answers its id. The window is opened at the click
 * (a popup opened after an await is blocked), then sent to the URL Patchbay answers. The callback page
 * posts its result to this origin only (`openerOrigin`); the lists then update without a reload. A
 * popup closed before that says so. A blocked popup: the whole page goes to the app, which sends it
 * back to `returnTo` with the result in the URL (see oauth-return.ts).
 */
export function useConnectFlow() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectState>({ kind: 'idle' });
  const cleanup = useRef<() => void>(() => {});
  useEffect(() => () => cleanup.current(), []);

  const connect = useCallback(
    async (target: string | (() => Promise<string>), options: ConnectOptions = {}) => {
      cleanup.current();
      const popup = window.open('', 'patchbay-connect', 'popup,width=520,height=700');
      let connectionId: string;
      try {
        connectionId = typeof target === 'string' ? target : await target();
      } catch {
        // The caller shows why (e.g. field errors from creating the connection).
        popup?.close();
        setState({ kind: 'idle' });
        return;
      }
      let url: string;
      try {
        url = (await authorizeUrl(connectionId, options.returnTo?.(connectionId) ?? currentPathWithoutOAuthResult())).url;
      } catch (err) {
        popup?.close();
        setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
        return;
      }
      if (!popup) {
        setState({ kind: 'redirecting', connectionId });
        window.location.assign(url);
        return;
      }
      popup.location.href = url;
      setState({ kind: 'waiting', connectionId });
      let finished = false;
      const onMessage = (event: MessageEvent) => {
        if (event.origin !== window.location.origin || event.source !== popup || !isOAuthMessage(event.data)) return;
        if (event.data.connectionId !== connectionId) return;
        finished = true;
        cleanup.current();
        setState({ kind: 'done', connectionId, ok: event.data.ok, message: event.data.message });
        void queryClient.invalidateQueries({ queryKey: keys.connections });
      };
      const timer = window.setInterval(() => {
        if (popup.closed && !finished) {
          cleanup.current();
          setState({ kind: 'closed', connectionId });
          void queryClient.invalidateQueries({ queryKey: keys.connections });
        }
      }, 500);
      window.addEventListener('message', onMessage);
      cleanup.current = () => {
        window.removeEventListener('message', onMessage);
        window.clearInterval(timer);
      };
    },
    [queryClient],
  );

  return { state, connect };
}

/** Connect / Reconnect of one existing connection (the Connections page, a recipe's Connections tab). */
export function useConnectPopup(connectionId: string) {
  const { state, connect } = useConnectFlow();
  return { state, connect: useCallback(() => connect(connectionId), [connect, connectionId]) };
}

/** The words for a connect flow's state, or null when there is nothing to say. */
export function connectMessage(state: ConnectState): string | null {
  switch (state.kind) {
    case 'waiting':
      return 'Finish connecting in the window that opened.';
    case 'done':
      return state.ok ? state.message : `Connecting failed: ${state.message}`;
    case 'redirecting':
      return 'The browser blocked the window: going to the app’s authorisation page…';
    case 'closed':
      return 'The window was closed before connecting finished.';
    case 'failed':
      return `Connecting failed: ${state.message}`;
    default:
      return null;
  }
}
