export { PAYLOAD_PREFIX, createPayloadCipher, ephemeralPayloadCipher, type PayloadCipher } from './payload-cipher.ts';
export { PayloadTamperedError, PayloadUnreadableError } from './errors.ts';
export { loadPayloadCipher } from './payload-keys.ts';
