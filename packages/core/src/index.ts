export * from './errors.ts';
export * from './secret.ts';
export * from './ids.ts';
export * from './time.ts';
export * from './config.ts';
export * from './log.ts';
export * from './problems.ts';
export * from './pages.ts';
