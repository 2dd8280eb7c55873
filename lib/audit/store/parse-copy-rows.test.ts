import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCopyRows, toIsoTime } from './parse-copy-rows';

describe('COPY text rows', () => {
  test('decode escapes and nulls, one event per line', () => {
    const row = (fields: string[]) => `${fields.join('\t')}\n`;
    const text =
      row(['t', '7', '2026-01-01 00:00:00+00', 'user', 'a\\\\b', '\\N', 'act', 'x\\ty\\nz\\r\\\\N', 'r', 'success', '{"k":"\\\\n"}', 'p', 'h']) +
      row(['t', '8', '2026-01-01 00:00:01.5+00', 'user', 'id', 'label', 'act', '\\N', 'r2', 'success', '{}', 'p2', 'h2']);
    const [first, second] = parseCopyRows(text);
    assert.deepEqual([first.seq, first.actorId, first.actorLabel, first.target, first.payloadJson], [7, 'a\\b', null, 'x\ty\nz\r\\N', '{"k":"\\n"}']);
    assert.deepEqual([second.seq, second.actorLabel, second.target, second.hash], [8, 'label', null, 'h2']);
    assert.deepEqual([first.time, second.time], ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.500Z']);
    assert.equal(parseCopyRows(text).length, 2);
  });

  test("Postgres's UTC ISO times become Date.toISOString's form; other forms are left alone", () => {
    for (const ms of [0, 1, 10, 12, 100, 120, 123, 999]) {
      const date = new Date(Date.UTC(2026, 10, 27, 23, 59, 58, ms));
      const fraction = ms === 0 ? '' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`;
      assert.equal(toIsoTime(`2026-11-27 23:59:58${fraction}+00`), date.toISOString());
    }
    for (const odd of ['10000-01-01 00:00:00+00', '0044-03-15 12:00:00+00 BC', '2026-11-27 23:59:58.1234+00', '2026-11-27 23:59:58+01', 'infinity']) {
      assert.equal(toIsoTime(odd), odd);
    }
  });

  test('a row with the wrong number of fields is refused', () => {
    assert.throws(() => parseCopyRows('a\tb\n'), /2 fields/);
  });
});
