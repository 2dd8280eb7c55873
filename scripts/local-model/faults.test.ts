import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startLocalModel, type LocalModel } from './server';

let model: LocalModel;
let client: OpenAI;
const messages = [{ role: 'user' as const, content: 'Say "pong"' }];

before(async () => {
  model = await startLocalModel({ slowDelayMs: 400, slowChunkDelayMs: 5 });
  client = new OpenAI({ baseURL: `${model.url}/v1`, apiKey: 'x', maxRetries: 0 });
});
after(() => model.close());

describe('fault models', () => {
  test('positive control: sim-small answers the same request', async () => {
    const completion = await client.chat.completions.create({ model: 'sim-small', messages });
    assert.equal(completion.choices[0].message.content, 'pong');
  });

  test('sim-timeout never answers: the client times out', async () => {
    const started = Date.now();
    await assert.rejects(client.chat.completions.create({ model: 'sim-timeout', messages }, { timeout: 300 }), OpenAI.APIConnectionTimeoutError);
    assert.ok(Date.now() - started >= 290);
    await assert.rejects(client.chat.completions.create({ model: 'sim-timeout', messages, stream: true }, { timeout: 300 }), OpenAI.APIConnectionTimeoutError);
  });

  test('sim-500 is an HTTP 500 with an OpenAI error body (and the SDK retries it by default)', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'sim-500', messages }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.InternalServerError);
      assert.equal(error.status, 500);
      assert.equal(error.type, 'server_error');
      return true;
    });
    model.clearReceivedRequests();
    const retrying = new OpenAI({ baseURL: `${model.url}/v1`, apiKey: 'x', maxRetries: 1 });
    await assert.rejects(retrying.chat.completions.create({ model: 'sim-500', messages }), OpenAI.InternalServerError);
    assert.equal(model.getReceivedRequests().length, 2);
  });

  test('sim-garbled breaks the JSON, streaming and not', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'sim-garbled', messages }), SyntaxError);
    const stream = await client.chat.completions.create({ model: 'sim-garbled', messages, stream: true });
    const received: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
      SyntaxError,
    );
    assert.equal(received.length, 1, 'one valid chunk arrives before the broken one');
  });

  test('sim-slow answers correctly, after the configured delay', async () => {
    const started = Date.now();
    const completion = await client.chat.completions.create({ model: 'sim-slow', messages });
    assert.equal(completion.choices[0].message.content, 'pong');
    assert.ok(Date.now() - started >= 390, 'delayed');
    const fastStarted = Date.now();
    await client.chat.completions.create({ model: 'sim-small', messages });
    assert.ok(Date.now() - fastStarted < 390, 'positive control: sim-small is not delayed');
    await assert.rejects(client.chat.completions.create({ model: 'sim-slow', messages }, { timeout: 100 }), OpenAI.APIConnectionTimeoutError);
  });

  test('close() returns even with a sim-timeout request still open', async () => {
    const other = await startLocalModel();
    const hanging = new OpenAI({ baseURL: `${other.url}/v1`, apiKey: 'x', maxRetries: 0 }).chat.completions
      .create({ model: 'sim-timeout', messages })
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.close();
    assert.ok((await hanging) instanceof OpenAI.APIConnectionError);
  });
});
