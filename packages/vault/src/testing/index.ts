export * from './echo-app.ts';
export * from './harness.ts';
