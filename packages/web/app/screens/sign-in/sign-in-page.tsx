import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { PatchbayApiError } from '../../api/client.ts';
import { useSignIn } from '../../api/session.ts';
import { usePageTitle } from '../../components/page-title.ts';

const route = getRouteApi('/sign-in');

/**
 * Until Patchbay has users, signing in takes an API token. The token is sent once to the server,
 * which answers with an HttpOnly session cookie: it is never kept in the page, localStorage or a
 * readable cookie, and the field is cleared whatever the answer.
 */
export function SignInPage() {
  const heading = usePageTitle('Sign in');
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [token, setToken] = useState('');
  const helpId = useId();
  const errorId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = token.trim();
    setToken('');
    if (!value) return;
    signIn.mutate(value, { onSuccess: () => void navigate({ href: redirect ?? '/connections', replace: true }) });
  }

  const error = signIn.error;
  const message =
    error instanceof PatchbayApiError && error.status === 401
      ? 'That API token is not valid. Check it and try again.'
      : error
        ? `Signing in failed: ${error.message}`
        : null;

  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Patchbay
        </p>
        <h1 ref={heading} tabIndex={-1}>
          Sign in
        </h1>
        <form onSubmit={submit} noValidate>
          <label htmlFor="api-token">API token</label>
          <input
            id="api-token"
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-describedby={message ? `${errorId} ${helpId}` : helpId}
            aria-invalid={message ? true : undefined}
          />
          <p id={helpId} className="hint">
            The admin token is in <code>.patchbay/admin-token</code>, in the folder where Patchbay runs (or it is the value of{' '}
            <code>PATCHBAY_ADMIN_TOKEN</code>).
          </p>
          {message ? (
            <p id={errorId} role="alert" className="field-error">
              {message}
            </p>
          ) : null}
          <button type="submit" className="button primary" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
