export { connectionAad, oauthSessionAad, payloadKeyAad } from './aad.ts';
export { open, rewrap, seal, sealedKeyId } from './envelope.ts';
export { InvalidMasterKeyError, SecretsTamperedError, SecretsUnreadableError, WrongMasterKeyError } from './errors.ts';
export {
  KEY_FILE_NAME,
  KeyRing,
  generateMasterKey,
  loadKeyRing,
  parseMasterKey,
  type LoadKeyRingOptions,
  type LoadedKeyRing,
  type MasterKey,
} from './keyring.ts';
export { keysInUse, loadVerifiedKeyRing, verifyMasterKeys, type MasterKeyState } from './master-keys.ts';
export { rotateMasterKeys, type RotateOptions, type RotateResult } from './rotate-master-keys.ts';
// Job payloads at rest (vault/src/payloads): exported with the rest of the crypto API.
export * from '../payloads/index.ts';
