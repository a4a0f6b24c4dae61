import { Link } from '@tanstack/react-router';
import { usePageTitle } from './page-title.ts';

export function NotFound() {
  const heading = usePageTitle('Page not found');
  return (
    <main id="main" className="narrow">
      <h1 ref={heading} tabIndex={-1}>
        Page not found
      </h1>
      <p>
        Nothing is at this address. Go to the <Link to="/connections">Connections</Link> page.
      </p>
    </main>
  );
}
