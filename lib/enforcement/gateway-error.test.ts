import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { KmsUnavailableError } from '@/lib/kms';
import { createLogger } from '@/lib/log/logger';
import { GatewayError, toGatewayError } from './gateway-error';

const holder = globalThis as unknown as { bulkheadLogger?: ReturnType<typeof createLogger> };
const original = holder.bulkheadLogger;
afterEach(() => {
  holder.bulkheadLogger = original;
});

function captureLog(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  holder.bulkheadLogger = createLogger({ write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return lines;
}

// Under a database restart the gateway answered 503s whose "Reference" named no log line: the pipeline
// converted the unexpected error and nothing logged it. The conversion now logs it, once, under that reference.
describe('toGatewayError', () => {
  test('an unexpected failure becomes a plain 503 naming a reference, and the server log holds the cause under it', () => {
    const lines = captureLog();
    const failure = toGatewayError(new Error('Raw query failed. Code: 57P03 at SELECT set_config'), 'req-42');
    assert.equal(failure.status, 503);
    assert.equal(failure.code, 'gateway_unavailable');
    assert.equal(failure.message, 'The gateway could not complete this request. Reference: req-42');
    assert.equal(lines.length, 1);
    assert.equal(lines[0].requestId, 'req-42');
    assert.match(JSON.stringify(lines[0].error), /57P03/);
  });

  test('KMS unreachable becomes a 503 that says so, without the driver error, and is logged', () => {
    const lines = captureLog();
    const failure = toGatewayError(new KmsUnavailableError('unreachable', { cause: new Error('connect ECONNREFUSED 127.0.0.1:4533') }), 'req-44');
    assert.equal(failure.status, 503);
    assert.equal(failure.code, 'kms_unavailable');
    assert.equal(failure.message, 'The encryption service is temporarily unavailable. Try again in a moment.');
    assert.equal(lines.length, 1);
    assert.match(JSON.stringify(lines[0].error), /ECONNREFUSED/);
  });

  test('a GatewayError (an expected refusal) passes unchanged and is not logged', () => {
    const lines = captureLog();
    const refusal = new GatewayError(504, 'The model endpoint did not answer in time.', 'upstream_timeout');
    assert.equal(toGatewayError(refusal, 'req-43'), refusal);
    assert.equal(lines.length, 0);
  });
});
