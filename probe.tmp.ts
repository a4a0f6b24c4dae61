import { startTestServer } from './packages/server/src/testing/test-server.ts';
const s = await startTestServer();
for (const p of ['/oauth/callback?state=a&state=b', '/oauth/callback', '/api/v1/connections?x=1', '/health?x=1']) {
  const r = await s.api(p, { headers: { authorization: '' } });
  console.log(p, r.status, r.headers.get('content-type'), r.text.slice(0, 200));
}
const r = await s.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5' }, body: '{"a":1}' });
console.log(r.status, r.text);
await s.stop();
