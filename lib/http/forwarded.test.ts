import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { getClientAddress, isSameOrigin } from './forwarded';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('isSameOrigin', () => {
  afterEach(() => {
    delete process.env.BULKHEAD_TRUST_PROXY;
    delete process.env.BULKHEAD_PUBLIC_ORIGIN;
  });

  test('a forged X-Forwarded-Host with a matching Origin is refused when no proxy is trusted', () => {
    const forged = headers({ host: 'console.internal:3000', origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    assert.equal(isSameOrigin(forged), false);
    process.env.BULKHEAD_PUBLIC_ORIGIN = 'https://console.example.com';
    assert.equal(isSameOrigin(forged), false, 'nor against the configured origin');
  });

  test('positive control: the same request passes once the operator says a proxy sets those headers', () => {
    process.env.BULKHEAD_TRUST_PROXY = 'true';
    assert.equal(
      isSameOrigin(
        headers({
          host: 'console.internal:3000',
          origin: 'https://console.example.com',
          'x-forwarded-host': 'console.example.com',
          'x-forwarded-proto': 'https',
        }),
      ),
      true,
    );
    assert.equal(
      isSameOrigin(
        headers({
          host: 'console.internal:3000',
          origin: 'http://console.example.com',
          'x-forwarded-host': 'console.example.com',
          'x-forwarded-proto': 'https',
        }),
      ),
      false,
      'scheme too',
    );
  });

  test('compares against the configured public origin, else the Host the request came with', () => {
    assert.equal(isSameOrigin(headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })), true);
    assert.equal(isSameOrigin(headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:4000' })), false);
    process.env.BULKHEAD_PUBLIC_ORIGIN = 'https://console.example.com';
    assert.equal(isSameOrigin(headers({ host: 'console.internal:3000', origin: 'https://console.example.com' })), true);
    assert.equal(isSameOrigin(headers({ host: 'console.internal:3000', origin: 'http://console.internal:3000' })), false);
  });

  test('no Origin (not a browser) passes; a malformed one does not', () => {
    assert.equal(isSameOrigin(headers({ host: '127.0.0.1:3000' })), true);
    assert.equal(isSameOrigin(headers({ host: '127.0.0.1:3000', origin: 'null' })), false);
  });
});

describe('getClientAddress', () => {
  afterEach(() => delete process.env.BULKHEAD_TRUST_PROXY);

  test('the first entry without a trusted proxy, the one the proxy appended with one', () => {
    const forwarded = headers({ 'x-forwarded-for': '203.0.113.9, 198.51.100.7' });
    assert.equal(getClientAddress(forwarded), '203.0.113.9');
    process.env.BULKHEAD_TRUST_PROXY = 'true';
    assert.equal(getClientAddress(forwarded), '198.51.100.7');
    assert.equal(getClientAddress(headers({})), null);
  });
});
