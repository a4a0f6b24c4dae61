import http from '@patchbay/connector-http';
import type { Connector } from '@patchbay/sdk';

/** The connectors a server has unless `startPatchbay` is given its own list. */
export function builtInConnectors(): Connector[] {
  return [http];
}
