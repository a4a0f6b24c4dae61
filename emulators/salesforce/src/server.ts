import { type EmuRequest, type EmuResponse, type Router, json, listen } from '@patchbay/emulator-kit';
import { notFound } from './errors.ts';

export interface Served {
  url: string;
  port: number;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

/**
 * Like the kit's `serveEmulator`, but a wrong method gets Salesforce's 405 body
 * (`[{"errorCode":"METHOD_NOT_ALLOWED",…}]`) instead of the kit's generic one: the kit has no
 * hook for the 405 shape, so this dispatch uses its `listen` and `Router.match` directly.
 */
export async function serveSalesforce(port: number, router: Router): Promise<Served> {
  const requests: { method: string; path: string }[] = [];
  const listening = await listen(port, async (req: EmuRequest): Promise<EmuResponse> => {
    requests.push({ method: req.method, path: req.path });
    const found = router.match(req.method, req.path);
    if (!found) return unknownPath(req);
    if ('allowed' in found) {
      const allowed = found.allowed.join(',');
      return json(405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${req.method}' not allowed. Allowed are ${allowed}` }], { allow: allowed });
    }
    return found.handler({ ...req, params: found.params });
  });
  return { ...listening, requests };
}

function unknownPath(req: EmuRequest): EmuResponse {
  if (req.path.startsWith('/__emulator/')) return json(404, { message: `No control endpoint ${req.method} ${req.path}` });
  return json(404, notFound().items);
}
