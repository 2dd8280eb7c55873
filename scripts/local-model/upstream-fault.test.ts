import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalModel, type LocalModel } from './server';

let model: LocalModel;
const chat = (body: Record<string, unknown> = {}, signal?: AbortSignal) =>
  fetch(`${model.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'Say "pong"' }], ...body }),
    signal,
  });
const setFault = (mode: string | null) => fetch(`${model.url}/__simulator/fault`, { method: 'PUT', body: JSON.stringify({ mode }) });

before(async () => {
  model = await startLocalModel();
});
after(() => model.close());

describe('upstream fault modes, switched over the loopback test hook', () => {
  test('error_5xx answers 500 with an OpenAI error body until cleared', async () => {
    assert.equal((await setFault('error_5xx')).status, 200);
    const failed = await chat();
    assert.equal(failed.status, 500);
    assert.equal(((await failed.json()) as { error: { type: string } }).error.type, 'server_error');
    await setFault(null);
    assert.equal(((await (await chat()).json()) as { choices: { message: { content: string } }[] }).choices[0].message.content, 'pong');
  });

  test('hang never answers', async () => {
    await setFault('hang');
    await assert.rejects(chat({}, AbortSignal.timeout(300)), /abort|timeout/i);
    await setFault(null);
  });

  test('garbled breaks the JSON; truncated cuts the connection', async () => {
    await setFault('garbled');
    const garbled = await chat();
    assert.equal(garbled.status, 200);
    await assert.rejects(garbled.json(), SyntaxError);
    const stream = await (await chat({ stream: true })).text();
    assert.ok(!stream.includes('[DONE]'), 'the stream never ends properly');
    await setFault('truncated');
    await assert.rejects((await chat()).text(), 'the body is cut short');
    await assert.rejects(
      (async () => {
        const text = await (await chat({ stream: true })).text();
        assert.ok(!text.includes('[DONE]'));
        throw new Error('cut');
      })(),
    );
    await setFault(null);
  });

  test('an unknown mode is refused with a message', async () => {
    const refused = await setFault('melt');
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /error_5xx/);
  });
});
