import { describe, expect, it } from 'vitest';
import { isSecretName, recordable, redact } from './redact.ts';

describe('redact', () => {
  it('names credentials by their field or header name, and leaves signatures and ordinary names', () => {
    for (const name of ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'apiKey', 'x-gitlab-token', 'client_secret', 'password']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['x-signature', 'x-hub-signature-256', 'stripe-signature', 'content-type', 'user-agent', 'id', 'name']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('keeps a "__proto__" key of the data as a key, and its value as data', () => {
    const value: unknown = JSON.parse('{"__proto__":{"polluted":"yes","token":"t"},"a":{"__proto__":[1]}}');
    const safe = redact(value);
    expect(JSON.stringify(safe)).toBe('{"__proto__":{"polluted":"yes","token":"[redacted]"},"a":{"__proto__":[1]}}');
    expect(Object.getPrototypeOf(safe)).toBe(Object.prototype);
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    expect(recordable(value)).toEqual(safe);
  });
});
