#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx patchbay` works on a fresh clone without a build.
// The import is dynamic so that it happens after tsx's loader is registered.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
