// The baseline for bench/webhook-recipe.ts: a bare node:http server doing the same JSON work as the
// recipe (parse the body, compute two values, answer JSON) and saving nothing.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const out = JSON.stringify({ greeting: `Hello ${body.name}`, total: body.amount * 2 });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
