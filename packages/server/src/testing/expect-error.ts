import { expect } from 'vitest';
import type { ApiResponse } from './test-server.ts';

/** Asserts a client error in the API envelope, never a 500, and returns its message. */
export function expectClientError(response: ApiResponse, status: number, code: string): string {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
  const body = response.body as { error: Record<string, unknown> };
  expect(Object.keys(body).sort()).toEqual(['error']);
  for (const key of Object.keys(body.error)) expect(['code', 'message', 'details']).toContain(key);
  return String(body.error.message);
}

export function detailsOf(response: ApiResponse): unknown {
  return (response.body as { error: { details?: unknown } }).error.details;
}
