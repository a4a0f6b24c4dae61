import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, NotFoundError, PatchbayError, statusOf, toErrorBody } from './errors.ts';

describe('toErrorBody', () => {
  it('keeps code, message and details of a PatchbayError', () => {
    const err = new InvalidInputError('Give "name" a value.', { field: 'name' });
    expect(toErrorBody(err)).toEqual({ error: { code: 'invalid_input', message: 'Give "name" a value.', details: { field: 'name' } } });
    expect(statusOf(err)).toBe(400);
  });

  it('omits details when there are none, and never serialises the cause', () => {
    const err = new PatchbayError('app_down', 502, 'The app did not answer; try again later.', { cause: new Error('ECONNREFUSED 10.0.0.7:5432') });
    const body = toErrorBody(err);
    expect(body).toEqual({ error: { code: 'app_down', message: 'The app did not answer; try again later.' } });
    expect('details' in body.error).toBe(false);
    expect(JSON.stringify(body)).not.toContain('10.0.0.7');
  });

  it('keeps the status and details of the subclasses', () => {
    expect(statusOf(new NotFoundError('connection', 'conn_1'))).toBe(404);
    expect(toErrorBody(new NotFoundError('connection', 'conn_1')).error.details).toEqual({ resource: 'connection', id: 'conn_1' });
    expect(toErrorBody(new ConflictError('recipe_running', 'Stop it first.')).error.code).toBe('recipe_running');
    expect(statusOf(new ConflictError('recipe_running', 'Stop it first.'))).toBe(409);
  });

  it.each<[string, unknown]>([
    ['a plain Error', new Error('password authentication failed for user "pb_admin" at 10.0.0.7')],
    ['a TypeError', new TypeError('Cannot read properties of undefined (reading "pb_admin")')],
    ['a thrown string', 'pb_admin exploded'],
    ['undefined', undefined],
  ])('turns %s into internal_error without the original message', (_, thrown) => {
    const body = toErrorBody(thrown);
    expect(body.error.code).toBe('internal_error');
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain('pb_admin');
    expect(statusOf(thrown)).toBe(500);
  });
});
