import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The fixed answer, serialized once: the benchmark measures the gateway, not this server. */
const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-trivial',
    object: 'chat.completion',
    created: 1_767_225_600,
    model: 'sim-small',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } },
  }),
);
const chunk = (body: object) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-trivial', object: 'chat.completion.chunk', created: 1_767_225_600, model: 'sim-small', ...body })}\n\n`;
const STREAM = Buffer.from(
  chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, logprobs: null, finish_reason: null }] }) +
    chunk({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] }) +
    chunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } } }) +
    'data: [DONE]\n\n',
);
const MODELS = Buffer.from(
  JSON.stringify({ object: 'list', data: [{ id: 'sim-small', object: 'model', created: 1_767_225_600, owned_by: 'bulkhead-local-simulator' }] }),
);
const STREAM_REQUESTED = /"stream"\s*:\s*true/;

/**
 * A trivial OpenAI-shaped upstream for the gateway benchmark: every `POST /v1/chat/completions`
 * gets the same tiny answer ("ok"; streamed, with a usage chunk, when the body asks for
 * `"stream": true`), `GET /v1/models` lists `sim-small`. No auth, no validation, no parsing
 * beyond a regex for `stream`, so the gateway's overhead is what a benchmark sees.
 */
export async function startTrivialUpstream(options: { port?: number } = {}) {
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (data: string) => (body += data));
    request.on('end', () => {
      if (request.method === 'GET' && request.url === '/v1/models') return reply(response, 'application/json', MODELS);
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' });
        return response.end('{"error":{"message":"Not found","type":"invalid_request_error","param":null,"code":null}}');
      }
      if (STREAM_REQUESTED.test(body)) return reply(response, 'text/event-stream', STREAM);
      reply(response, 'application/json', COMPLETION);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function reply(response: http.ServerResponse, contentType: string, payload: Buffer) {
  response.writeHead(200, { 'content-type': contentType, 'content-length': payload.length });
  response.end(payload);
}
