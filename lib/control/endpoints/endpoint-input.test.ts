import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEndpointInputSchema } from './endpoint-input';

const base = { name: 'pool', kind: 'vllm', models: 'a, b ,', apiKey: '' };

describe('endpoint input', () => {
  test('parses models and defaults', () => {
    const parsed = createEndpointInputSchema('shared').parse({ ...base, baseUrl: 'http://10.0.0.5:8000/v1' });
    assert.deepEqual(parsed.models, ['a', 'b']);
    assert.equal(parsed.timeoutMs, 30_000);
  });

  test('tenant admins may name only https URLs or the local simulator', () => {
    const dedicated = createEndpointInputSchema('dedicated');
    assert.equal(dedicated.safeParse({ ...base, baseUrl: 'http://169.254.169.254/v1' }).success, false);
    assert.equal(dedicated.safeParse({ ...base, baseUrl: 'https://models.example/v1' }).success, true);
    assert.equal(dedicated.safeParse({ ...base, baseUrl: 'builtin:local-simulator' }).success, true);
    assert.equal(dedicated.safeParse({ ...base, baseUrl: 'https://user:pw@models.example/v1' }).success, false);
    assert.equal(dedicated.safeParse({ ...base, baseUrl: 'file:///etc/passwd' }).success, false);
  });

  test('a tenant admin cannot name a loopback, private, link-local or metadata address in any spelling', () => {
    const dedicated = createEndpointInputSchema('dedicated');
    for (const host of [
      '127.0.0.1',
      '2130706433',
      '0x7f.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '169.254.169.254',
      '[::ffff:169.254.169.254]',
      '[fd00:ec2::254]',
      '10.0.0.5',
      '0.0.0.0',
    ]) {
      const parsed = dedicated.safeParse({ ...base, baseUrl: `https://${host}/v1` });
      assert.equal(parsed.success, false, host);
      assert.match(parsed.error?.issues[0]?.message ?? '', /not on the public internet/);
    }
    assert.equal(dedicated.safeParse({ ...base, baseUrl: 'https://8.8.8.8/v1' }).success, true, 'positive control: a public address');
    process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS = '10.0.0.5';
    try {
      assert.equal(dedicated.safeParse({ ...base, baseUrl: 'https://10.0.0.5/v1' }).success, true, 'allow-listed by the platform');
    } finally {
      delete process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS;
    }
  });

  test('the timeout is capped', () => {
    assert.equal(createEndpointInputSchema('shared').safeParse({ ...base, baseUrl: 'https://m.example/v1', timeoutMs: 300_000 }).success, false);
  });

  test('refuses unknown fields (a tenant id cannot be smuggled in)', () => {
    assert.equal(createEndpointInputSchema('shared').safeParse({ ...base, baseUrl: 'https://m.example/v1', tenantId: 'x' }).success, false);
  });
});
