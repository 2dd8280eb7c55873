import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from './gateway-error';
import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, readJsonBody, validateChatRequest } from './validate-request';

const valid = { model: 'sim-small', messages: [{ role: 'user', content: 'hi' }] };

function expectRefusal(body: unknown, status: number, param?: string) {
  assert.throws(() => validateChatRequest(body), (error: unknown) => {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, status);
    if (param !== undefined) assert.equal(error.param, param);
    return true;
  });
}

describe('validateChatRequest', () => {
  test('accepts the OpenAI shape and keeps only forwarded options', () => {
    const request = validateChatRequest({ ...valid, temperature: 0.2, stream: true, stream_options: { include_usage: true } });
    assert.deepEqual(request, { model: 'sim-small', messages: [{ role: 'user', content: 'hi' }], stream: true, includeUsage: true, options: { temperature: 0.2 }, hadClientCacheSalt: false });
  });

  test('flattens text parts and null content', () => {
    const request = validateChatRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }, { role: 'assistant', content: null }] });
    assert.deepEqual(request.messages, [{ role: 'user', content: 'a\nb' }, { role: 'assistant', content: '' }]);
  });

  test('drops a client cache_salt (and says so)', () => {
    const request = validateChatRequest({ ...valid, cache_salt: 'mine' });
    assert.equal(request.hadClientCacheSalt, true);
    assert.ok(!('cache_salt' in request.options));
  });

  test('refuses unknown parameters by name: nothing can name a tenant', () => {
    expectRefusal({ ...valid, tenant_id: 'x' }, 400, 'tenant_id');
    expectRefusal({ ...valid, 'x-tenant': 'x' }, 400, 'x-tenant');
  });

  test('refuses bad shapes with the parameter', () => {
    expectRefusal({ messages: valid.messages }, 400, 'model');
    expectRefusal({ model: 'm', messages: [] }, 400, 'messages');
    expectRefusal({ ...valid, messages: [{ role: 'root', content: 'x' }] }, 400, 'messages.0.role');
    expectRefusal({ ...valid, n: 2 }, 400, 'n');
    expectRefusal({ ...valid, stream_options: { include_usage: true } }, 400, 'stream_options');
    expectRefusal('not an object', 400);
  });

  test('refuses messages beyond the size limit', () => {
    expectRefusal({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }] }, 400, 'messages');
    assert.doesNotThrow(() => validateChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(MAX_MESSAGE_CHARS) }] }));
  });
});

describe('readJsonBody', () => {
  test('parses JSON and refuses non-JSON with 400', async () => {
    assert.deepEqual(await readJsonBody(new Request('http://x', { method: 'POST', body: '{"a":1}' })), { a: 1 });
    await assert.rejects(readJsonBody(new Request('http://x', { method: 'POST', body: '{' })), (error: unknown) => error instanceof GatewayError && error.status === 400);
  });

  test('refuses bodies over the limit with 413 while reading', async () => {
    const big = new Request('http://x', { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    await assert.rejects(readJsonBody(big), (error: unknown) => error instanceof GatewayError && error.status === 413);
  });
});
