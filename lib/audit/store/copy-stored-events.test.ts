import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCopyRows } from './copy-stored-events';

describe('COPY text rows', () => {
  test('decode escapes and nulls, one event per line', () => {
    const row = (fields: string[]) => `${fields.join('\t')}\n`;
    const text =
      row(['t', '7', '2026-01-01T00:00:00.000Z', 'user', 'a\\\\b', '\\N', 'act', 'x\\ty\\nz\\r\\\\N', 'r', 'success', '{"k":"\\\\n"}', 'p', 'h']) +
      row(['t', '8', '2026-01-01T00:00:01.000Z', 'user', 'id', 'label', 'act', '\\N', 'r2', 'success', '{}', 'p2', 'h2']);
    const [first, second] = parseCopyRows(text);
    assert.deepEqual(
      [first.seq, first.actorId, first.actorLabel, first.target, first.payloadJson],
      [7, 'a\\b', null, 'x\ty\nz\r\\N', '{"k":"\\n"}'],
    );
    assert.deepEqual([second.seq, second.actorLabel, second.target, second.hash], [8, 'label', null, 'h2']);
    assert.equal(parseCopyRows(text).length, 2);
  });

  test('a row with the wrong number of fields is refused', () => {
    assert.throws(() => parseCopyRows('a\tb\n'), /2 fields/);
  });
});
