import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { getDefaultPromptCanary } from '@/lib/canaries/canary-registry';
import { createClient, createGatewayTenant, findUpstreamBodies, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';
import { findLeakedCanaryIncidents, findRequestAuditEvents, findTenantIncidents } from './testing/read-audit';

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

// POST /v1/responses (store: false) through real HTTP, the route handler, the official SDK and the
// same pipeline as chat completions.
describe('the Responses API through the gateway', () => {
  let harness: GatewayHarness;
  let tenantA: Awaited<ReturnType<typeof createGatewayTenant>>;
  let tenantB: Awaited<ReturnType<typeof createGatewayTenant>>;
  let clientA: OpenAI;

  before(async () => {
    harness = await startGatewayHarness();
    tenantA = await createGatewayTenant('gw-resp-a');
    tenantB = await createGatewayTenant('gw-resp-b');
    clientA = createClient(harness, tenantA.apiKey);
  });
  after(async () => {
    harness.model.setInjectOutput(null);
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('a plain response: output_text, usage, the tenant prompt upstream, audited as responses', async () => {
    harness.model.clearReceivedRequests();
    const response = await clientA.responses.create({ model: 'sim-small', store: false, instructions: 'Be brief.', input: 'Say "hello there"' });
    assert.equal(response.object, 'response');
    assert.equal(response.status, 'completed');
    assert.equal(response.output_text, 'hello there');
    assert.ok((response.usage?.input_tokens ?? 0) > 0);
    const [upstream] = findUpstreamBodies(harness.model);
    assert.ok(upstream.messages[0].content.includes(tenantA.name), "the tenant's system prompt comes first");
    assert.deepEqual(
      upstream.messages.slice(-2).map((message) => message.role),
      ['developer', 'user'],
    );
    const [event] = (await findRequestAuditEvents(tenantA.id, response._request_id!)).filter((entry) => entry.action === 'inference.request');
    assert.equal(event.payload.trace.api, 'responses');
  });

  test('streaming: typed events in order, text deltas, and a completed response', async () => {
    // Longer than what output screening holds back before releasing text (the longest text a system
    // prompt can hold before its canary), so deltas reach the client before the answer ends.
    const spoken = Array.from({ length: 8 }, (_, index) => `streaming works fine, piece ${index + 1} after another, all the way to the end`).join('; ');
    const stream = await clientA.responses.create({ model: 'sim-small', input: `Say "${spoken}"`, stream: true });
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | null = null;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(text, spoken);
    assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    assert.ok(types.filter((type) => type === 'response.output_text.delta').length > 1, 'several deltas');
    assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    assert.equal(completed?.output_text ?? (completed?.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0].type, 'output_text');
    assert.ok((completed?.usage?.output_tokens ?? 0) > 0);

    const helper = clientA.responses.stream({ model: 'sim-small', input: 'Say "accumulated"' });
    assert.equal((await helper.finalResponse()).output_text, 'accumulated');
  });

  test('function calling round trip, streamed call included', async () => {
    const first = await clientA.responses.create({ model: 'sim-small', tools: [weatherTool], input: 'Use get_weather for "Oslo".' });
    const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
    assert.ok(call);
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.arguments), { city: 'Oslo' });
    const second = await clientA.responses.create({
      model: 'sim-small',
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Use get_weather for "Oslo".' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: 'Oslo is sunny and mild today.' },
      ],
    });
    assert.match(second.output_text, /sunny and mild/);

    const streamed = await clientA.responses.stream({ model: 'sim-small', tools: [weatherTool], input: 'get_weather for "Bergen"' }).finalResponse();
    const streamedCall = streamed.output.find((item) => item.type === 'function_call');
    assert.deepEqual(JSON.parse(streamedCall?.type === 'function_call' ? streamedCall.arguments : '{}'), { city: 'Bergen' });
  });

  test('structured output with text.format json_schema', async () => {
    const response = await clientA.responses.create({
      model: 'sim-small',
      input: 'Say "done"',
      text: {
        format: {
          type: 'json_schema',
          name: 'reply',
          schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false },
          strict: true,
        },
      },
    });
    assert.deepEqual(JSON.parse(response.output_text), { answer: 'done' });
  });

  test("the same enforcement: another tenant's canary in a function output is blocked with incidents; in a stream's answer, an error event", async () => {
    const canaryB = await getDefaultPromptCanary(tenantB.id);
    const since = new Date();
    let requestId = '';
    await assert.rejects(
      clientA.responses.create({
        model: 'sim-small',
        input: [
          { role: 'user', content: 'Summarise.' },
          { type: 'function_call', call_id: 'c1', name: 'fetch', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: `data ${canaryB}` },
        ],
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.PermissionDeniedError);
        requestId = error.requestID ?? '';
        return true;
      },
    );
    assert.ok((await findTenantIncidents(tenantA.id)).some((incident) => incident.requestIds.includes(requestId) && incident.kind === 'cross_tenant_bleed'));
    assert.equal((await findLeakedCanaryIncidents(tenantB.id, tenantA.id, since)).length, 1);

    harness.model.setInjectOutput(`leak ${canaryB} done`);
    try {
      const stream = await clientA.responses.create({ model: 'sim-small', input: 'Hello', stream: true });
      const events: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const error = events.find((event) => event.type === 'error');
      assert.equal(error?.type === 'error' ? error.code : null, 'output_blocked');
      assert.ok(!events.some((event) => event.type === 'response.completed'));
      assert.ok(!JSON.stringify(events).includes(canaryB));
    } finally {
      harness.model.setInjectOutput(null);
    }
  });

  test('store: true, previous_response_id (of any tenant) and built-in tools are refused clearly', async () => {
    await assert.rejects(
      clientA.responses.create({ model: 'sim-small', input: 'hi', store: true }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'store' && /does not keep responses/.test(error.message),
    );
    const ofB = await createClient(harness, tenantB.apiKey).responses.create({ model: 'sim-small', input: 'hi' });
    await assert.rejects(
      clientA.responses.create({ model: 'sim-small', input: 'hi', previous_response_id: ofB.id }),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
    await assert.rejects(
      clientA.responses.create({ model: 'sim-small', input: 'hi', conversation: 'conv_1' }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'conversation' && /does not keep conversations/.test(error.message),
    );
    await assert.rejects(
      clientA.responses.create({ model: 'sim-small', input: 'hi', tools: [{ type: 'web_search' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && String(error.param).startsWith('tools'),
    );
  });
});
