import type { Adapter, AdapterPayload } from 'oidc-provider';

// oidc-provider's built-in memory adapter keeps one module-level store for every provider in the
// process, so two test servers would see each other's grants and nothing could be forgotten. This
// store belongs to one provider instance; `clear()` is how a test simulates an app that revoked
// every grant (the user disconnected Patchbay at the app's side).

interface Entry {
  payload: AdapterPayload;
  expiresAt: number; // epoch ms; Infinity when the provider gave no lifetime
}

// Artifacts that belong to a grant and must disappear with it (mirrors the built-in adapter).
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

export class InstanceStore {
  private readonly entries = new Map<string, Entry>();
  private readonly byGrant = new Map<string, Set<string>>();
  private readonly index = new Map<string, string>(); // "sessionUid:x" / "userCode:x" → id

  /** Factory for the provider's `adapter` option: one adapter per model name, this store. */
  readonly factory = (model: string): Adapter => new InstanceAdapter(model, this);

  get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, payload: AdapterPayload, expiresInSeconds: number): void {
    const expiresAt = expiresInSeconds > 0 ? Date.now() + expiresInSeconds * 1000 : Infinity;
    this.entries.set(key, { payload, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  setIndex(name: string, id: string): void {
    this.index.set(name, id);
  }

  getIndex(name: string): string | undefined {
    return this.index.get(name);
  }

  linkToGrant(grantId: string, key: string): void {
    let keys = this.byGrant.get(grantId);
    if (!keys) this.byGrant.set(grantId, (keys = new Set()));
    keys.add(key);
  }

  revokeGrant(grantId: string): void {
    for (const key of this.byGrant.get(grantId) ?? []) this.entries.delete(key);
    this.byGrant.delete(grantId);
  }

  /** Forgets everything: tokens, grants, sessions, pending interactions. */
  clear(): void {
    this.entries.clear();
    this.byGrant.clear();
    this.index.clear();
  }
}

class InstanceAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly store: InstanceStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.key(id);
    if (this.model === 'Session' && payload.uid) this.store.setIndex(`sessionUid:${payload.uid}`, id);
    if (payload.userCode) this.store.setIndex(`userCode:${payload.userCode}`, id);
    if (GRANTABLE.has(this.model) && payload.grantId) this.store.linkToGrant(payload.grantId, key);
    this.store.set(key, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.store.getIndex(`sessionUid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = this.store.getIndex(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    // Seconds since the epoch, as oidc-provider compares it with its own clock.
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeGrant(grantId);
  }
}
