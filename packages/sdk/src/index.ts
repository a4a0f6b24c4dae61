export * from './fields.ts';
export * from './auth.ts';
export * from './http.ts';
export * from './connector.ts';
export * from './schema.ts';
export { Secret } from '@patchbay/core';
export { Type, type Static, type TSchema } from 'typebox';
export * from './errors.ts';
export * from './validate.ts';
