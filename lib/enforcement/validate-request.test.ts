import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from './gateway-error';
import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, readJsonBody, validateChatRequest } from './validate-request';

const valid = { model: 'sim-small', messages: [{ role: 'user', content: 'hi' }] };

function expectRefusal(body: unknown, status: number, param?: string) {
  assert.throws(
    () => validateChatRequest(body),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, status);
      if (param !== undefined) assert.equal(error.param, param);
      return true;
    },
  );
}

describe('validateChatRequest', () => {
  test('accepts the OpenAI shape and keeps only forwarded options', () => {
    const request = validateChatRequest({ ...valid, temperature: 0.2, stream: true, stream_options: { include_usage: true } });
    assert.deepEqual(request, {
      model: 'sim-small',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      includeUsage: true,
      options: { temperature: 0.2 },
      endUser: {},
    });
  });

  test('flattens text parts and null content', () => {
    const request = validateChatRequest({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
        { role: 'assistant', content: null },
      ],
    });
    assert.deepEqual(request.messages, [
      { role: 'user', content: 'a\nb' },
      { role: 'assistant', content: '' },
    ]);
  });

  test('refuses what would break isolation, saying why', () => {
    for (const param of ['cache_salt', 'prompt_cache_key', 'web_search_options', 'functions']) {
      assert.throws(
        () => validateChatRequest({ ...valid, [param]: 'x' }),
        (error: unknown) => {
          assert.ok(error instanceof GatewayError);
          assert.equal(error.status, 400);
          assert.equal(error.param, param);
          assert.equal(error.code, 'parameter_refused');
          assert.match(error.message, new RegExp(`'${param}' is refused: .{20,}`));
          return true;
        },
      );
    }
    expectRefusal({ ...valid, messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] }, 400, 'messages.0.content');
  });

  test('accepts the whole Chat Completions surface: tools, tool results, JSON schema, images', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' }, strict: true } }];
    const request = validateChatRequest({
      ...valid,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      tools,
      tool_choice: 'auto',
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object' }, strict: true } },
      seed: 7,
      logprobs: true,
      top_logprobs: 2,
      logit_bias: { '50256': -100 },
      n: 2,
      max_completion_tokens: 50,
      service_tier: 'auto',
      metadata: { app: 'x' },
      reasoning_effort: 'low',
      user: 'end-user-42',
    });
    assert.deepEqual(request.options.tools, tools);
    assert.equal(request.options.n, 2);
    assert.deepEqual(request.endUser, { user: 'end-user-42' });
    assert.ok(!('user' in request.options), 'the clear end-user id is not a forwarded option');
    assert.equal(request.messages[0].content, 'look');
    assert.equal(request.messages[0].parts?.length, 2);
    assert.equal(request.messages[1].toolCalls?.[0].function.name, 'get_weather');
    assert.deepEqual(request.messages[2], { role: 'tool', content: 'sunny', toolCallId: 'call_1' });
  });

  test('refuses streaming log-probabilities and several streamed choices, saying why', () => {
    expectRefusal({ ...valid, stream: true, logprobs: true }, 400, 'logprobs');
    expectRefusal({ ...valid, stream: true, n: 2 }, 400, 'n');
  });

  test('refuses unknown parameters by name: nothing can name a tenant', () => {
    expectRefusal({ ...valid, tenant_id: 'x' }, 400, 'tenant_id');
    expectRefusal({ ...valid, 'x-tenant': 'x' }, 400, 'x-tenant');
  });

  test('refuses bad shapes with the parameter', () => {
    expectRefusal({ messages: valid.messages }, 400, 'model');
    expectRefusal({ model: 'm', messages: [] }, 400, 'messages');
    expectRefusal({ ...valid, messages: [{ role: 'root', content: 'x' }] }, 400, 'messages.0.role');
    expectRefusal({ ...valid, n: 9 }, 400, 'n');
    expectRefusal({ ...valid, tools: [{ type: 'function', function: { name: 'bad name!' } }] }, 400, 'tools.0.function.name');
    expectRefusal({ ...valid, response_format: { type: 'yaml' } }, 400, 'response_format.type');
    expectRefusal({ ...valid, modalities: ['text', 'audio'] }, 400, 'modalities.1');
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
    await assert.rejects(
      readJsonBody(new Request('http://x', { method: 'POST', body: '{' })),
      (error: unknown) => error instanceof GatewayError && error.status === 400,
    );
  });

  test('refuses bodies over the limit with 413 while reading', async () => {
    const big = new Request('http://x', { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    await assert.rejects(readJsonBody(big), (error: unknown) => error instanceof GatewayError && error.status === 413);
  });
});
