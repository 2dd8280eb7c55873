import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertEndpointSupports, ENDPOINT_CAPABILITIES } from './endpoint-capabilities';
import { hashEndUserId } from './end-user-hash';
import { GatewayError } from './gateway-error';

const endpoint = (kind: 'openai' | 'vllm' | 'simulator', scope: 'shared' | 'dedicated' = 'shared') => ({ kind, name: `${kind}-pool`, scope });

function refusal(run: () => void): GatewayError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GatewayError);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('assertEndpointSupports', () => {
  test('an unsupported parameter is a 400 naming the parameter and the endpoint', () => {
    const error = refusal(() => assertEndpointSupports(endpoint('simulator'), { logprobs: true }));
    assert.equal(error.status, 400);
    assert.equal(error.param, 'logprobs');
    assert.equal(error.message, "The parameter 'logprobs' is not supported by the endpoint 'simulator-pool' (simulator).");
    assert.equal(refusal(() => assertEndpointSupports(endpoint('vllm'), { service_tier: 'flex' })).param, 'service_tier');
    assert.equal(refusal(() => assertEndpointSupports(endpoint('simulator'), { n: 3 })).param, 'n');
    const image = [{ role: 'user' as const, content: 'x', parts: [{ type: 'image_url' as const, image_url: { url: 'https://x/y.png' } }] }];
    assert.equal(refusal(() => assertEndpointSupports(endpoint('simulator'), {}, image)).param, 'messages.0.content');
    assert.doesNotThrow(() => assertEndpointSupports(endpoint('vllm'), {}, image));
  });

  test('what an endpoint supports passes', () => {
    const everything = { tools: [], tool_choice: 'auto', response_format: { type: 'json_schema' }, seed: 1, stop: 'x', metadata: {}, n: 2, logprobs: true };
    assert.doesNotThrow(() => assertEndpointSupports(endpoint('openai'), everything));
    assert.doesNotThrow(() => assertEndpointSupports(endpoint('simulator'), { tools: [], response_format: { type: 'json_object' }, seed: 1 }));
    assert.ok(ENDPOINT_CAPABILITIES.simulator.has('embeddings'));
  });

  test('provider-side storage is refused on a shared endpoint, with the reason, and allowed on a dedicated one', () => {
    const error = refusal(() => assertEndpointSupports(endpoint('openai', 'shared'), { store: true }));
    assert.equal(error.code, 'parameter_refused');
    assert.match(error.message, /shared endpoint.*other tenants share/);
    assert.doesNotThrow(() => assertEndpointSupports(endpoint('openai', 'dedicated'), { store: true }));
    assert.doesNotThrow(
      () => assertEndpointSupports(endpoint('openai', 'shared'), { store: true }, [], { allowProviderStore: true }),
      "the tenant's policy may allow it",
    );
    assert.doesNotThrow(() => assertEndpointSupports(endpoint('simulator', 'shared'), { store: false }));
  });
});

describe('hashEndUserId', () => {
  test('stable per tenant, different across tenants, never the clear id', () => {
    const a1 = hashEndUserId('tenant-a', 'alice', 'secret');
    assert.equal(a1, hashEndUserId('tenant-a', 'alice', 'secret'));
    assert.notEqual(a1, hashEndUserId('tenant-b', 'alice', 'secret'));
    assert.notEqual(a1, hashEndUserId('tenant-a', 'alice', 'other-secret'));
    assert.ok(!a1.includes('alice'));
    assert.throws(
      () => hashEndUserId('tenant-a', 'alice', ''),
      (error: unknown) => error instanceof GatewayError && error.status === 503,
    );
  });
});
