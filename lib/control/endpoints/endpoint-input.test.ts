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

  test('refuses unknown fields (a tenant id cannot be smuggled in)', () => {
    assert.equal(createEndpointInputSchema('shared').safeParse({ ...base, baseUrl: 'https://m.example/v1', tenantId: 'x' }).success, false);
  });
});
