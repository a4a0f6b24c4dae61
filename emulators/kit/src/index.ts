export * from './http.ts';
export * from './oauth.ts';
export * from './rate-limit.ts';
export * from './emulator.ts';
export * from './proxy.ts';
