/**
 * Per-token lifetimes on top of the kit's OAuthAuthority, which gives every access token one TTL and
 * never expires refresh tokens. Zendesk lets each token request choose `expires_in` and
 * `refresh_token_expires_in` (§3), so the authority is configured with the longest allowed access
 * lifetime and the real deadline of each token is kept here. It also remembers which refresh token
 * came with which access token: revoking the current token ends the whole pair, and a refresh
 * deletes the previous pair (§3), access token included.
 */
export const ACCESS_TTL_LIMITS = { min: 5 * 60, max: 48 * 3600 };
export const REFRESH_TTL = { default: 30 * 86_400, min: 7 * 86_400, max: 90 * 86_400 };

export class TokenLifetimes {
  readonly #accessDeadline = new Map<string, number>();
  readonly #refreshDeadline = new Map<string, number>();
  readonly #refreshOf = new Map<string, string>();
  readonly #accessOf = new Map<string, string>();

  recordAccess(token: string, ttlSeconds: number, refreshToken?: string): void {
    this.#accessDeadline.set(token, Date.now() + ttlSeconds * 1000);
    if (refreshToken) {
      this.#refreshOf.set(token, refreshToken);
      this.#accessOf.set(refreshToken, token);
    }
  }

  recordRefresh(token: string, ttlSeconds: number): void {
    this.#refreshDeadline.set(token, Date.now() + ttlSeconds * 1000);
  }

  /** False once the token's own lifetime is over (the authority checks revocation and expire-all). */
  accessAlive(token: string): boolean {
    const deadline = this.#accessDeadline.get(token);
    return deadline !== undefined && deadline > Date.now();
  }

  refreshAlive(token: string): boolean {
    const deadline = this.#refreshDeadline.get(token);
    return deadline !== undefined && deadline > Date.now();
  }

  refreshTokenOf(accessToken: string): string | undefined {
    return this.#refreshOf.get(accessToken);
  }

  accessTokenOf(refreshToken: string): string | undefined {
    return this.#accessOf.get(refreshToken);
  }

  clear(): void {
    this.#accessDeadline.clear();
    this.#refreshDeadline.clear();
    this.#refreshOf.clear();
    this.#accessOf.clear();
  }
}

/** A requested lifetime within Zendesk's bounds (§3), or the default when none was asked for. */
export function clampSeconds(requested: number | undefined, fallback: number, bounds: { min: number; max: number }): number {
  if (requested === undefined) return fallback;
  return Math.min(bounds.max, Math.max(bounds.min, requested));
}
