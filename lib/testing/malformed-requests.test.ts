import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { FuzzTally, sendRaw } from './malformed-requests';

// The fuzz suites pass when no problem is found: this proves the harness finds each kind it looks
// for, against a server that misbehaves on purpose.
describe('the malformed-request harness reports what the fuzz suites must never see', () => {
  let server: http.Server;
  let baseUrl: string;
  const agent = new http.Agent({ keepAlive: true });

  before(async () => {
    server = http.createServer((incoming, outgoing) => {
      const path = incoming.url ?? '/';
      if (path === '/crash') return void outgoing.writeHead(500).end('Internal Server Error');
      if (path === '/drop') return void incoming.socket.destroy();
      if (path === '/stack') return void outgoing.writeHead(400).end('TypeError: x is undefined\n    at handle (/srv/app/lib/handler.ts:12:7)');
      if (path === '/sql') return void outgoing.writeHead(400).end('error: syntax error at or near "FROM"');
      incoming.resume();
      incoming.on('end', () => outgoing.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"The request is not valid."}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const [path, problem] of [
    ['/crash', /^status 500/],
    ['/drop', /^status 0: connection failed/],
    ['/stack', /^stack trace in the body/],
    ['/sql', /^database error in the body/],
  ] as const) {
    test(`${path} is a problem (${problem.source})`, async () => {
      const tally = new FuzzTally();
      const found = tally.record('control', { method: 'GET', path, headers: {} }, await sendRaw(baseUrl, { method: 'GET', path, headers: {} }, agent));
      assert.match(found ?? 'no problem found', problem);
      assert.equal(tally.problems.length, 1);
    });
  }

  test('a plain 4xx is not, whether the body is framed by length or chunked, on a kept or closed connection', async () => {
    const tally = new FuzzTally();
    for (const request of [
      { method: 'POST', path: '/ok', headers: {}, body: Buffer.from('{') },
      { method: 'GET', path: '/ok', headers: {}, body: Buffer.from('body on a GET'), isChunked: true },
      { method: 'POST', path: '/ok', headers: {}, body: Buffer.alloc(200_000, 120), closesConnection: true },
    ]) {
      tally.record('plain', request, await sendRaw(baseUrl, request, agent));
    }
    assert.deepEqual(tally.problems, []);
    assert.deepEqual([...tally.byStatus], [[400, 3]]);
  });
});
