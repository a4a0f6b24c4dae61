import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onSignedOut } from './api/client.ts';
import { keys } from './api/keys.ts';
import { rememberSignedIn } from './api/session-hint.ts';
import { createAppRouter } from './router.tsx';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // A 4xx will answer the same again; a network blip is worth one more try.
    queries: { retry: (failures, error) => failures < 1 && !('status' in error), refetchOnWindowFocus: true },
  },
});
const router = createAppRouter(queryClient);

// The session ended while the UI was open (signed out in another tab, expired): back to sign-in.
onSignedOut(() => {
  rememberSignedIn(false);
  queryClient.setQueryData(keys.session, null);
  void router.navigate({ to: '/sign-in', search: { redirect: window.location.pathname + window.location.search } });
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
