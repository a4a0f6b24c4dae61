import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useSession, useSignOut } from '../api/session.ts';

/** The frame of every signed-in page: a skip link, the header with navigation and sign-out, the page. */
export function AppLayout() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const name = session.data?.user.name;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link to="/connections" className="brand" aria-label="Patchbay home">
          <span className="brand-mark" aria-hidden="true" />
          Patchbay
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link to="/connections" activeProps={{ 'aria-current': 'page' }}>
                Connections
              </Link>
            </li>
            <li>
              <Link to="/recipes" activeProps={{ 'aria-current': 'page' }}>
                Recipes
              </Link>
            </li>
            <li>
              <Link to="/jobs" search={{}} activeProps={{ 'aria-current': 'page' }}>
                Jobs
              </Link>
            </li>
          </ul>
        </nav>
        <div className="account">
          {name ? <span className="account-name">Signed in as {name}</span> : null}
          <button
            type="button"
            className="button secondary"
            disabled={signOut.isPending}
            onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate({ to: '/sign-in', search: {} }) })}
          >
            Sign out
          </button>
        </div>
      </header>
      {signOut.isError ? (
        <p role="alert" className="banner error">
          Signing out failed: {signOut.error.message}
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
