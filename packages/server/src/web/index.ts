import type { Store } from '@patchbay/store';
import type { App } from '../types.ts';
import { registerSignInRoute } from './session/create.ts';
import { registerSignOutRoute } from './session/delete.ts';
import { registerGetSessionRoute } from './session/get.ts';
import type { webUi } from './static-files.ts';

export { DEFAULT_WEB_DIR, WEB_CSP, webUi } from './static-files.ts';

/** The web UI: its files, and the session routes that sign a browser in with an API token. */
export function registerWebUi(app: App, options: { store: Store; ui: ReturnType<typeof webUi>; publicUrl: string }): void {
  const secure = options.publicUrl.startsWith('https:');
  registerSignInRoute(app, options.store, { secure });
  registerGetSessionRoute(app, options.store);
  registerSignOutRoute(app, options.store, { secure });
  options.ui.register(app);
}
