import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildUpstreamBody, mapUpstreamError } from './call-upstream';
import { GatewayError } from './gateway-error';
import { acceptsCacheSalt, computeCacheSalt, type RoutedEndpoint } from './route-endpoint';
import OpenAI from 'openai';

const endpoint = (kind: RoutedEndpoint['kind']): RoutedEndpoint => ({
  id: 'e',
  name: 'e',
  kind,
  baseUrl: 'http://127.0.0.1:1/v1',
  apiKey: 'k',
  timeoutMs: 1,
  models: [],
  scope: 'shared',
  egress: 'any',
});
const request = { model: 'm', messages: [], stream: false, includeUsage: false, options: { temperature: 0 }, endUser: {} };

describe('cache salt', () => {
  test('is an HMAC of the tenant id: stable per tenant, different across tenants and secrets', () => {
    assert.equal(computeCacheSalt('t1', 's'), computeCacheSalt('t1', 's'));
    assert.notEqual(computeCacheSalt('t1', 's'), computeCacheSalt('t2', 's'));
    assert.notEqual(computeCacheSalt('t1', 's'), computeCacheSalt('t1', 'other'));
    assert.ok(!computeCacheSalt('t1', 's').includes('t1'));
  });

  test('fails closed without a secret', () => {
    assert.throws(
      () => computeCacheSalt('t1', ''),
      (error: unknown) => error instanceof GatewayError && error.status === 503,
    );
  });

  test("is sent to vLLM-style servers only, and the client's never", () => {
    assert.equal(acceptsCacheSalt(endpoint('vllm')), true);
    assert.equal(acceptsCacheSalt(endpoint('simulator')), true);
    assert.equal(acceptsCacheSalt(endpoint('openai')), false);
    assert.equal(buildUpstreamBody(request, [], endpoint('vllm'), 'salt').cache_salt, 'salt');
    assert.ok(!('cache_salt' in buildUpstreamBody(request, [], endpoint('openai'), 'salt')));
    assert.equal((buildUpstreamBody(request, [], endpoint('vllm'), 'salt') as Record<string, unknown>).temperature, 0);
  });
});

describe("the prompt version's sampling settings", () => {
  const sampling = { temperature: 0.7, maxTokens: 256 };
  const body = (options: Record<string, unknown>) =>
    buildUpstreamBody({ ...request, options }, [], endpoint('openai'), null, sampling) as Record<string, unknown>;

  test('its temperature applies only when the client sends none', () => {
    assert.equal(body({}).temperature, 0.7);
    assert.equal(body({ temperature: 0 }).temperature, 0);
  });

  test('its token limit is a ceiling on every limit the client names, and the default otherwise', () => {
    assert.equal(body({}).max_tokens, 256);
    assert.equal(body({ max_tokens: 100 }).max_tokens, 100);
    assert.equal(body({ max_tokens: 100_000 }).max_tokens, 256);
    assert.deepEqual([body({ max_completion_tokens: 9_999 }).max_completion_tokens, body({ max_completion_tokens: 9_999 }).max_tokens], [256, undefined]);
    const both = body({ max_tokens: 9_999, max_completion_tokens: 9_999 });
    assert.deepEqual([both.max_tokens, both.max_completion_tokens], [256, 256]);
  });

  test("without an active version the client's options pass unchanged", () => {
    const plain = buildUpstreamBody({ ...request, options: { max_tokens: 100_000 } }, [], endpoint('openai'), null) as Record<string, unknown>;
    assert.equal(plain.max_tokens, 100_000);
    assert.equal(plain.temperature, undefined);
  });
});

describe('mapUpstreamError', () => {
  test('maps SDK failures to gateway statuses without the upstream message', () => {
    assert.equal(mapUpstreamError(new OpenAI.APIConnectionTimeoutError()).status, 504);
    assert.equal(mapUpstreamError(new OpenAI.APIConnectionError({ message: 'ECONNREFUSED secret' })).status, 503);
    const upstream500 = OpenAI.APIError.generate(500, { error: { message: 'prompt was: SECRET' } }, 'x', new Headers());
    const mapped = mapUpstreamError(upstream500);
    assert.equal(mapped.status, 502);
    assert.ok(!mapped.message.includes('SECRET'));
    assert.equal(mapUpstreamError(OpenAI.APIError.generate(404, {}, 'x', new Headers())).status, 404);
    assert.equal(mapUpstreamError(new SyntaxError('bad json')).status, 502);
  });
});
