import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startTrivialUpstream } from './trivial-upstream';

let upstream: Awaited<ReturnType<typeof startTrivialUpstream>>;
let client: OpenAI;
before(async () => {
  upstream = await startTrivialUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'x', maxRetries: 0 });
});
after(() => upstream.close());

test('the trivial upstream answers the official SDK, streaming and not', async () => {
  const completion = await client.chat.completions.create({ model: 'sim-small', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(completion.choices[0].message.content, 'ok');
  const stream = await client.chat.completions.create({
    model: 'sim-small',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let totalTokens = 0;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    totalTokens = chunk.usage?.total_tokens ?? totalTokens;
  }
  assert.equal(text, 'ok');
  assert.equal(totalTokens, 2);
  assert.deepEqual(
    (await client.models.list()).data.map((entry) => entry.id),
    ['sim-small'],
  );
});

test('unknown routes are 404', async () => {
  const response = await fetch(`${upstream.url}/v1/embeddings`, { method: 'POST', body: '{}' });
  assert.equal(response.status, 404);
});
