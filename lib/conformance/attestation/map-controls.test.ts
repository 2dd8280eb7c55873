import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckRecord } from '../types';
import { CONFORMANCE_CHECK_IDS } from '../check-ids';
import { CONTROL_MAPPING } from './control-mapping';
import { mapControls } from './map-controls';

const record = (checkId: string, result: CheckRecord['result']): CheckRecord => ({
  checkId,
  layer: 'database',
  attacked: '',
  expected: '',
  observed: '',
  result,
  controlResult: 'pass',
  controlObserved: '',
  durationMs: 1,
});

test('every mapped check exists, and every framework row the questionnaires ask for is there', () => {
  for (const row of CONTROL_MAPPING) for (const id of row.checks) assert.ok(CONFORMANCE_CHECK_IDS.includes(id), `${row.control} names unknown check ${id}`);
  const controls = CONTROL_MAPPING.map((row) => row.control);
  for (const control of [
    'SC-4',
    'SC-28',
    'SC-12',
    'AC-3',
    'AC-4',
    'AU-9',
    'AU-10',
    '164.312(a)(1)',
    '164.312(a)(2)(iv)',
    '164.312(b)',
    '164.312(c)(1)',
    'LLM02',
    'LLM07',
    'LLM08',
    'LLM01',
  ]) {
    assert.ok(controls.includes(control), control);
  }
});

test('a control is supported only when its applicable checks all passed', () => {
  const all = CONFORMANCE_CHECK_IDS.map((id) => record(id, 'pass'));
  assert.ok(mapControls(all).every((row) => row.status === 'supported'));
  const withFailure = all.map((entry) => (entry.checkId === 'logs.chain_verify' ? { ...entry, result: 'fail' as const } : entry));
  const au10 = mapControls(withFailure).find((row) => row.control === 'AU-10')!;
  assert.equal(au10.status, 'not_supported');
  assert.ok(mapControls(null).every((row) => row.status === 'no_evidence'));
  const notApplicable = all.map((entry) => (entry.checkId.startsWith('keys.') ? { ...entry, result: 'not_applicable' as const } : entry));
  assert.equal(mapControls(notApplicable).find((row) => row.control === 'SC-28')!.status, 'no_evidence');
});
