import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { upstreamFetch } from './upstream-fetch';

describe('upstreamFetch (the model endpoints fetch)', () => {
  const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string; remotePort?: number }[] = [];
  let server: http.Server;
  let base: string;

  before(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method, headers: request.headers, body, remotePort: request.socket.remotePort });
        if (request.url === '/stream') {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write('data: one\n\n');
          setTimeout(() => response.end('data: two\n\n'), 50);
        } else if (request.url === '/slow') {
          setTimeout(() => response.end('late'), 2_000);
        } else {
          response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-echo': 'a' });
          response.end(JSON.stringify({ got: body }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('sends method, headers and body; returns status, headers and body as a Response', async () => {
    const response = await upstreamFetch(`${base}/v1/chat`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' }),
      body: '{"é":1}',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-echo'), 'a');
    assert.deepEqual(await response.json(), { got: '{"é":1}' });
    const request = seen.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.authorization, 'Bearer k');
    assert.equal(request.headers['content-length'], String(Buffer.byteLength('{"é":1}')));
  });

  test('an error status is a Response, not a rejection', async () => {
    const response = await upstreamFetch(`${base}/missing`, { method: 'POST', body: 'x' });
    assert.equal(response.status, 404);
    await response.text();
  });

  test('keeps the connection alive between requests (same client port)', async () => {
    await (await upstreamFetch(`${base}/a`, { method: 'POST', body: '1' })).text();
    await (await upstreamFetch(`${base}/b`, { method: 'POST', body: '2' })).text();
    const [first, second] = seen.slice(-2);
    assert.equal(first.remotePort, second.remotePort);
  });

  test('streams the body as it arrives', async () => {
    const response = await upstreamFetch(`${base}/stream`, { method: 'POST', body: '{}' });
    const reader = response.body!.getReader();
    const first = await reader.read();
    assert.equal(Buffer.from(first.value!).toString(), 'data: one\n\n');
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += Buffer.from(chunk.value).toString();
    assert.equal(rest, 'data: two\n\n');
  });

  test('an aborted signal rejects with an AbortError (the SDK maps it to a timeout or an abort)', async () => {
    const started = Date.now();
    await assert.rejects(
      upstreamFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(100) }),
      (error: Error) => error.name === 'AbortError',
    );
    assert.ok(Date.now() - started < 1_500);
  });

  test('a closed port rejects (the SDK reports the endpoint unreachable)', async () => {
    await assert.rejects(
      upstreamFetch('http://127.0.0.1:1/v1', { method: 'POST', body: '{}' }),
      (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
    );
  });
});
