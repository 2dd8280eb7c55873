import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readConformanceInterval } from './schedule';

test('the scheduled interval defaults to a day, accepts off and bounded milliseconds, and names the setting when wrong', () => {
  assert.equal(readConformanceInterval(undefined), 24 * 60 * 60 * 1000);
  assert.equal(readConformanceInterval(''), 24 * 60 * 60 * 1000);
  assert.equal(readConformanceInterval('off'), 'off');
  assert.equal(readConformanceInterval('3600000'), 3_600_000);
  assert.throws(() => readConformanceInterval('1000'), /at least 60000/);
  assert.throws(() => readConformanceInterval('hourly'), /BULKHEAD_CONFORMANCE_INTERVAL_MS/);
  assert.throws(() => readConformanceInterval(String(31 * 24 * 60 * 60 * 1000)), /at most 30 days/);
  assert.throws(() => readConformanceInterval('1.5e6'), /'off' or a whole number/);
});
