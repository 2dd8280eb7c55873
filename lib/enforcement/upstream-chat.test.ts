import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { GatewayError } from './gateway-error';
import type { RoutedEndpoint } from './route-endpoint';
import { completeChatUpstream, streamChatUpstream } from './upstream-chat';

const completion = {
  id: 'c',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 2 } },
};
const call = (id: string, name: string, args: string) => ({ id, type: 'function', function: { name, arguments: args } });
const richCompletion = {
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [call('c1', 'lookup', '{"q":1}'), { id: 'x', type: 'custom', custom: { name: 'n', input: '' } }],
      },
      finish_reason: 'tool_calls',
      logprobs: { content: [{ token: 'a', logprob: -0.1 }] },
    },
    { index: 1, message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' },
  ],
  usage: null,
};
const chunk = (body: object) => `data: ${JSON.stringify(body)}\n\n`;

// The lean upstream client against a real HTTP server: the OpenAI protocol in both directions, and
// every failure mapped to the gateway's own error, as the openai SDK path did.
describe('lean upstream client', () => {
  const seen: { headers: http.IncomingHttpHeaders; body: Record<string, unknown>; remotePort?: number }[] = [];
  let server: http.Server;
  const endpoint = (path: string, overrides: Partial<RoutedEndpoint> = {}): RoutedEndpoint => ({
    id: 'e',
    name: 'e',
    kind: 'simulator',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${path}/v1`,
    apiKey: 'sk-up',
    timeoutMs: 2_000,
    models: [],
    scope: 'shared',
    egress: 'any',
    ...overrides,
  });
  const fails = (code: string, status: number) => (error: unknown) => error instanceof GatewayError && error.code === code && error.status === status;

  before(async () => {
    server = http.createServer((request, response) => {
      let text = '';
      request.on('data', (piece) => (text += piece));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: JSON.parse(text), remotePort: request.socket.remotePort });
        const mode = request.url!.split('/')[1];
        if (mode === 'ok') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
        if (mode === 'rich') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(richCompletion));
        if (mode === 'tools-stream') {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write(chunk({ choices: [{ delta: { tool_calls: [{ index: 0, ...call('c1', 'lookup', '') }] } }] }));
          response.write(chunk({ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] } }] }));
          response.write(chunk({ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, finish_reason: 'tool_calls' }] }));
          return response.end('data: [DONE]\n\n');
        }
        if (mode === 'missing') return response.writeHead(404).end('{"error":{"message":"no such model: secret prompt"}}');
        if (mode === 'broken') return response.writeHead(500).end('{"error":{"message":"the prompt was ..."}}');
        if (mode === 'garbled') return response.writeHead(200).end('{"choices":[{"mess');
        if (mode === 'empty') return response.writeHead(200).end('{"choices":[]}');
        if (mode === 'hang') return; // never answers
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(chunk({ choices: [{ delta: { role: 'assistant', content: '' } }] }));
        response.write(`: comment\n\n${chunk({ choices: [{ delta: { content: 'hel' } }] })}`);
        response.write(chunk({ choices: [{ delta: { content: 'lo' }, finish_reason: null }] }).slice(0, 10));
        setTimeout(() => {
          response.write(chunk({ choices: [{ delta: { content: 'lo' }, finish_reason: null }] }).slice(10));
          response.write(chunk({ choices: [{ delta: {}, finish_reason: 'length' }] }) + chunk({ choices: [], usage: completion.usage }));
          if (mode === 'stream') response.end('data: [DONE]\n\n');
          else if (mode === 'cut') response.end();
          else response.end(chunk({ error: { message: 'overloaded' } }));
        }, 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  test('a completion: text, finish reason and usage; the key and the body as the SDK sends them; one kept-alive connection', async () => {
    seen.length = 0;
    const answer = await completeChatUpstream(endpoint('ok'), { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(answer, {
      choices: [{ index: 0, text: 'hello', toolCalls: [], refusal: null, finishReason: 'stop', logprobs: null }],
      usage: { promptTokens: 3, completionTokens: 1, cachedTokens: 2 },
    });
    await completeChatUpstream(endpoint('ok'), { model: 'm', messages: [] });
    assert.equal(seen[0].headers.authorization, 'Bearer sk-up');
    assert.equal(seen[0].headers['content-type'], 'application/json');
    assert.deepEqual(seen[0].body, { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false });
    assert.equal(seen[1].remotePort, seen[0].remotePort, 'the second call reused the connection');
  });

  test('a stream: deltas split across reads, finish and usage, asking for usage', async () => {
    const deltas = [];
    for await (const delta of await streamChatUpstream(endpoint('stream'), { model: 'm', messages: [] })) deltas.push(delta);
    assert.deepEqual(deltas, [
      { type: 'text', text: 'hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', reason: 'length' },
      { type: 'usage', usage: { promptTokens: 3, completionTokens: 1, cachedTokens: 2 } },
    ]);
    assert.deepEqual(seen.at(-1)!.body, { model: 'm', messages: [], stream: true, stream_options: { include_usage: true } });
  });

  test('every choice of a completion: function tool calls (others dropped), refusal, finish reason and logprobs', async () => {
    const answer = await completeChatUpstream(endpoint('rich'), { model: 'm', messages: [], n: 2 });
    assert.deepEqual(answer, {
      choices: [
        {
          index: 0,
          text: '',
          toolCalls: [call('c1', 'lookup', '{"q":1}')],
          refusal: null,
          finishReason: 'tool_calls',
          logprobs: richCompletion.choices[0].logprobs,
        },
        { index: 1, text: '', toolCalls: [], refusal: 'I cannot help with that.', finishReason: 'stop', logprobs: null },
      ],
      usage: null,
    });
  });

  test('a streamed tool call: its id and name, then argument pieces, then the finish reason', async () => {
    const deltas = [];
    for await (const delta of await streamChatUpstream(endpoint('tools-stream'), { model: 'm', messages: [] })) deltas.push(delta);
    assert.deepEqual(deltas, [
      { type: 'tool_call', index: 0, id: 'c1', name: 'lookup', arguments: '' },
      { type: 'tool_call', index: 0, id: undefined, name: undefined, arguments: '{"q":' },
      { type: 'tool_call', index: 0, id: undefined, name: undefined, arguments: '1}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  test('a stream cut before [DONE], or ending in an error event, fails after what it delivered', async () => {
    for (const mode of ['cut', 'error-event']) {
      const texts: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const delta of await streamChatUpstream(endpoint(mode), { model: 'm', messages: [] })) if (delta.type === 'text') texts.push(delta.text);
        })(),
        fails('upstream_invalid_response', 502),
        mode,
      );
      assert.deepEqual(texts, ['hel', 'lo'], 'positive control: the good part arrived first');
    }
  });

  test("failures map to the gateway's errors without the upstream's text", async () => {
    await assert.rejects(completeChatUpstream(endpoint('missing'), {}), fails('model_not_found', 404));
    await assert.rejects(
      completeChatUpstream(endpoint('broken'), {}),
      (error: unknown) => fails('upstream_error', 502)(error) && !(error as Error).message.includes('prompt'),
    );
    await assert.rejects(streamChatUpstream(endpoint('broken'), {}), fails('upstream_error', 502));
    await assert.rejects(completeChatUpstream(endpoint('garbled'), {}), fails('upstream_invalid_response', 502));
    await assert.rejects(completeChatUpstream(endpoint('empty'), {}), fails('upstream_invalid_response', 502));
    await assert.rejects(completeChatUpstream(endpoint('ok', { baseUrl: 'http://127.0.0.1:9/v1' }), {}), fails('upstream_unreachable', 503));
  });

  test('the endpoint timeout and the client leaving both end the call with 504', async () => {
    await assert.rejects(completeChatUpstream(endpoint('hang', { timeoutMs: 100 }), {}), fails('upstream_timeout', 504));
    await assert.rejects(streamChatUpstream(endpoint('hang', { timeoutMs: 100 }), {}), fails('upstream_timeout', 504));
    const leaving = new AbortController();
    setTimeout(() => leaving.abort(), 50);
    await assert.rejects(completeChatUpstream(endpoint('hang'), {}, leaving.signal), fails('upstream_aborted', 504));
  });
});
