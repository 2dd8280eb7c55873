import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createUpstreamAgents, hasPrivateLiteralHost, isPublicAddress, isRefusedAddress, lookupPublicAddress } from './public-address';

describe('isPublicAddress', () => {
  test('refuses loopback, private, link-local, metadata, unspecified and embedded-IPv4 forms', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '100.100.100.200',
      '169.254.169.254',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
      'not an address',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  test('positive control: public addresses pass', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '[2606:4700::1111]']) assert.equal(isPublicAddress(address), true, address);
  });

  test('every spelling the URL parser accepts is judged as the address it means', () => {
    for (const host of ['2130706433', '0177.0.0.1', '0x7f.1', '127.1', '[::ffff:127.0.0.1]', '[::ffff:169.254.169.254]', '[0:0:0:0:0:ffff:7f00:1]', '0']) {
      assert.equal(hasPrivateLiteralHost(new URL(`https://${host}/v1`)), true, host);
    }
    assert.equal(hasPrivateLiteralHost(new URL('https://models.example/v1')), false, 'a hostname is checked when it resolves');
    assert.equal(hasPrivateLiteralHost(new URL('https://8.8.8.8/v1')), false);
  });
});

describe('connections held to public addresses', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;
  before(async () => {
    server = http.createServer((_request, response) => {
      hits += 1;
      response.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const get = (agent: http.Agent, host: string) =>
    new Promise<string>((resolve, reject) => {
      const request = http.get({ host, port, agent, path: '/' }, (response) => {
        response.setEncoding('utf8');
        let text = '';
        response.on('data', (piece: string) => (text += piece));
        response.on('end', () => resolve(text));
      });
      request.on('error', reject);
    });

  test('a hostname resolving to loopback is refused at lookup, before any connection', async () => {
    const agents = createUpstreamAgents();
    await assert.rejects(get(agents.public_only['http:'], 'localhost'), (error: unknown) => isRefusedAddress(error));
    assert.equal(hits, 0);
    // Positive control: the same server is reached through the unguarded agent.
    assert.equal(await get(agents.any['http:'], 'localhost'), 'reached');
    assert.equal(hits, 1);
  });

  test('the lookup hands back only the address it checked (the socket connects to that one)', async () => {
    const result = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      lookupPublicAddress('localhost', { all: true }, (error, address) => resolve({ error, address })),
    );
    assert.ok(result.error && isRefusedAddress(result.error));
    assert.deepEqual(result.address, []);
  });
});
