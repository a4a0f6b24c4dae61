/**
 * Additional authenticated data: binds a sealed blob to the row it belongs to, so a blob copied
 * into another row (another connection, another workspace) fails to open instead of lending its
 * credentials to that row. Ids are prefixed base64url (no ':'), so the joined form is unambiguous.
 */
export function connectionAad(workspaceId: string, id: string): string {
  return `connection:${workspaceId}:${id}`;
}

export function oauthSessionAad(workspaceId: string, id: string): string {
  return `oauth_session:${workspaceId}:${id}`;
}

/** A payload key (vault/src/payloads) is sealed for its own row: a wrapped key copied under another id does not open. */
export function payloadKeyAad(keyId: string): string {
  return `payload_key:${keyId}`;
}
