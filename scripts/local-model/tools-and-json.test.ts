import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { embedText } from './respond-embeddings';
import { startLocalModel, type LocalModel } from './server';

let model: LocalModel;
let client: OpenAI;

before(async () => {
  model = await startLocalModel();
  client = new OpenAI({ baseURL: `${model.url}/v1`, apiKey: 'x', maxRetries: 0 });
});
after(() => model.close());

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } }, required: ['city', 'days'] },
  },
};
const clockTool: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };

describe('the simulator learns tools, JSON modes and embeddings (official SDK)', () => {
  test('calls the tool the user message names, with quoted strings as arguments', async () => {
    const completion = await client.chat.completions.create({
      model: 'sim-small',
      tools: [clockTool, weatherTool],
      messages: [{ role: 'user', content: 'Use get_weather for "Oslo" please.' }],
    });
    const choice = completion.choices[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const call = choice.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Oslo', days: 1 });
    assert.equal(choice.message.tool_calls?.length, 1, 'get_time was not mentioned');
  });

  test('no tool is called when none is named, with tool_choice none, or once results are back', async () => {
    const plain = await client.chat.completions.create({ model: 'sim-small', tools: [weatherTool], messages: [{ role: 'user', content: 'Hello there' }] });
    assert.equal(plain.choices[0].message.tool_calls, undefined);
    const none = await client.chat.completions.create({
      model: 'sim-small',
      tools: [weatherTool],
      tool_choice: 'none',
      messages: [{ role: 'user', content: 'get_weather now' }],
    });
    assert.equal(none.choices[0].message.tool_calls, undefined);
    const answered = await client.chat.completions.create({
      model: 'sim-small',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'What is the weather in Oslo? Use get_weather.' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'The weather in Oslo is sunny and mild.' },
      ],
    });
    assert.equal(answered.choices[0].finish_reason, 'stop');
    assert.match(answered.choices[0].message.content ?? '', /sunny and mild/);
  });

  test('tool_choice forces a function; required picks the first; parallel calls unless disabled', async () => {
    const forced = await client.chat.completions.create({
      model: 'sim-small',
      tools: [clockTool, weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal((forced.choices[0].message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall).function.name, 'get_time');
    const required = await client.chat.completions.create({
      model: 'sim-small',
      tools: [weatherTool],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(required.choices[0].message.tool_calls?.length, 1);
    const both = { model: 'sim-small', tools: [clockTool, weatherTool], messages: [{ role: 'user' as const, content: 'get_time and get_weather' }] };
    assert.equal((await client.chat.completions.create(both)).choices[0].message.tool_calls?.length, 2);
    assert.equal((await client.chat.completions.create({ ...both, parallel_tool_calls: false })).choices[0].message.tool_calls?.length, 1);
  });

  test('streams tool calls in the real wire shape (the SDK accumulates them)', async () => {
    const stream = client.chat.completions.stream({
      model: 'sim-small',
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'get_weather for "Bergen"' }],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0].message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Bergen', days: 1 });
  });

  test('JSON modes: json_object wraps the answer, json_schema matches the schema', async () => {
    const object = await client.chat.completions.create({
      model: 'sim-small',
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: 'Say "ready"' }],
    });
    assert.deepEqual(JSON.parse(object.choices[0].message.content ?? ''), { answer: 'ready' });
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, confidence: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['answer', 'confidence', 'tags'],
      additionalProperties: false,
    };
    const structured = await client.chat.completions.create({
      model: 'sim-small',
      response_format: { type: 'json_schema', json_schema: { name: 'reply', schema, strict: true } },
      messages: [{ role: 'user', content: 'Say "ok"' }],
    });
    assert.deepEqual(JSON.parse(structured.choices[0].message.content ?? ''), { answer: 'ok', confidence: 0, tags: ['tags'] });
  });

  test('embeddings: deterministic, float and base64 (the SDK default) agree', async () => {
    const first = await client.embeddings.create({ model: 'sim-embed', input: ['mooring lines', 'anchor chain'] });
    assert.equal(first.data.length, 2);
    assert.equal(first.data[0].embedding.length, 64);
    const again = await client.embeddings.create({ model: 'sim-embed', input: 'mooring lines', encoding_format: 'float' });
    assert.deepEqual(
      again.data[0].embedding.map((value) => Math.fround(value)),
      first.data[0].embedding,
    );
    assert.deepEqual(again.data[0].embedding, embedText('mooring lines'));
    assert.notDeepEqual(first.data[0].embedding, first.data[1].embedding);
    await assert.rejects(client.embeddings.create({ model: 'sim-small', input: 'x' }), OpenAI.NotFoundError);
  });
});
