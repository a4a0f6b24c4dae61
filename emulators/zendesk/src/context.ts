import type { OAuthAuthority, RateLimiter } from '@patchbay/emulator-kit';
import type { TokenLifetimes } from './auth/token-lifetimes.ts';
import type { ZendeskSeed } from './data/seed.ts';
import type { ZendeskStore } from './data/store.ts';
import type { RequestBudget } from './http/request-budget.ts';

/** Everything the route handlers share; one per running emulator. */
export interface ZendeskContext {
  store: ZendeskStore;
  oauth: OAuthAuthority;
  lifetimes: TokenLifetimes;
  rateLimit: RateLimiter;
  budget: RequestBudget;
  settings: ZendeskSettings;
  /** Ids of the seeded records; replaced on reset (they come out the same). */
  seed: ZendeskSeed;
  /** Back to the seeded state with every token forgotten (`POST /__emulator/reset`). */
  reset(): void;
}

export interface ZendeskSettings {
  apiToken: string;
  /** Seconds an access token lives when the token request names no `expires_in`. */
  accessTokenTtlSeconds: number;
  /**
   * How recent a change must be to be held back from the incremental export. Zendesk excludes the
   * newest minute (§11); tests set 0 through `POST /__emulator/settings` so they need not wait.
   */
  incrementalLagSeconds: number;
}
