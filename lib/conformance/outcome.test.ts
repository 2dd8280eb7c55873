import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeOutcome, notApplicable } from './outcome';

test('a refused attack passes only with a positive control that detected', () => {
  assert.deepEqual(judgeOutcome({ observed: '0', isRefused: true, control: { observed: 'seen', isDetected: true } }), {
    result: 'pass',
    controlResult: 'pass',
  });
  assert.deepEqual(judgeOutcome({ observed: '0', isRefused: true, control: { observed: 'nothing', isDetected: false } }), {
    result: 'fail',
    controlResult: 'fail',
  });
  assert.deepEqual(judgeOutcome({ observed: '3 rows', isRefused: false, control: { observed: 'seen', isDetected: true } }), {
    result: 'fail',
    controlResult: 'pass',
  });
  assert.deepEqual(judgeOutcome({ observed: '0', isRefused: true, control: null }), { result: 'pass', controlResult: 'not_applicable' });
  assert.deepEqual(judgeOutcome(notApplicable('no schema_kms layer')), { result: 'not_applicable', controlResult: 'not_applicable' });
});
