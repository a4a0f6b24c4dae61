import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, PatchbayApiError, unwrap } from './client.ts';
import { keys } from './keys.ts';
import { mayBeSignedIn, rememberSignedIn } from './session-hint.ts';

export type Session = Awaited<ReturnType<typeof fetchSession>>;

/**
 * Who is signed in, or null (the server answers 401 when nobody is). Not asked when this browser
 * has not signed in since its last sign-out (session-hint.ts).
 */
export async function fetchSession() {
  if (!mayBeSignedIn()) return null;
  try {
    return await unwrap(api.GET('/api/session'));
  } catch (err) {
    if (err instanceof PatchbayApiError && err.status === 401) {
      rememberSignedIn(false);
      return null;
    }
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: keys.session, queryFn: fetchSession, staleTime: 60_000 });
}

/** Sign-in: the token goes to the server once, in the body; the answer sets the HttpOnly session cookie. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST('/api/session', { body: { token } })),
    onSuccess: (session) => {
      rememberSignedIn(true);
      queryClient.setQueryData(keys.session, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/session')),
    onSuccess: () => {
      // Nothing of the signed-in workspace stays in memory for the next person at this browser.
      queryClient.clear();
      rememberSignedIn(false);
      queryClient.setQueryData(keys.session, null);
    },
  });
}
