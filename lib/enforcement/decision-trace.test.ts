import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDecisionTrace, traceStep } from './decision-trace';
import { GatewayError } from './gateway-error';
import { createErrorResponse, createStreamResponse } from './http/gateway-response';
import type { StreamEvent } from './run-stream';

describe('decision trace', () => {
  test('records each step with its duration, also when it fails', async () => {
    const trace = createDecisionTrace('r', 't', { type: 'api_key', id: 'k' });
    assert.equal(
      await traceStep(
        trace,
        'one',
        () => 1,
        (value) => ({ value }),
      ),
      1,
    );
    await assert.rejects(traceStep(trace, 'two', () => Promise.reject(new Error('x'))));
    assert.deepEqual(
      trace.steps.map((step) => [step.name, step.detail]),
      [
        ['one', { value: 1 }],
        ['two', { failed: true }],
      ],
    );
    assert.ok(trace.steps.every((step) => step.ms >= 0));
  });
});

describe('gateway responses', () => {
  test("errors use OpenAI's shape, status and Retry-After; the trace only when asked", async () => {
    const error = new GatewayError(429, 'slow down', 'rate_limit_exceeded', null, 7);
    error.trace = createDecisionTrace('r', 't', { type: 'user', id: 'u' });
    const response = createErrorResponse(error, 'r', performance.now());
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.deepEqual(await response.json(), { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
    const withTrace = await createErrorResponse(error, 'r', performance.now(), { includeTrace: true }).json();
    assert.equal(withTrace.bulkhead_trace.requestId, 'r');
  });

  test('streams end with the overhead comment and [DONE], or with an error event and no [DONE]', async () => {
    const trace = createDecisionTrace('r', 't', { type: 'user', id: 'u' });
    async function* good(): AsyncGenerator<StreamEvent> {
      yield { type: 'chunk', body: { id: 'x' } as never };
      yield { type: 'end', overheadMs: 3.5, trace };
    }
    const text = await createStreamResponse(good(), 'r').text();
    assert.equal(text, 'data: {"id":"x"}\n\n: x-bulkhead-overhead-ms=3.5\n\ndata: [DONE]\n\n');
    async function* bad(): AsyncGenerator<StreamEvent> {
      yield { type: 'error', error: new GatewayError(502, 'upstream broke', 'upstream_error'), trace };
    }
    const failed = await createStreamResponse(bad(), 'r').text();
    assert.match(failed, /^data: \{"error":\{"message":"upstream broke"/);
    assert.ok(!failed.includes('[DONE]'));
  });
});
