import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptySql, inlineSql, joinSql } from './inline-sql';

test('strings become escaped literals, so a quote cannot end the literal', () => {
  const hostile = "x'); DROP TABLE chunks; --";
  assert.equal(inlineSql`SELECT ${hostile}`.text, `SELECT 'x''); DROP TABLE chunks; --'`);
  assert.equal(inlineSql`SELECT ${'back\\slash'}`.text, String.raw`SELECT  E'back\\slash'`);
});

test('arrays become text arrays of escaped literals; numbers must be finite', () => {
  assert.equal(inlineSql`${['a', "b'c"]}`.text, "ARRAY['a', 'b''c']::text[]");
  assert.equal(inlineSql`${[]}`.text, "'{}'::text[]");
  assert.equal(inlineSql`LIMIT ${8}`.text, 'LIMIT 8');
  assert.throws(() => inlineSql`LIMIT ${Number.NaN}`, /finite/);
  assert.throws(() => inlineSql`LIMIT ${Infinity}`, /finite/);
});

test('fragments compose without escaping', () => {
  const clause = inlineSql`AND id = ${'x'}`;
  assert.equal(inlineSql`SELECT 1 ${clause} ${emptySql}`.text, "SELECT 1 AND id = 'x' ");
});

test('null becomes NULL, and joinSql puts fragments side by side with the separator', () => {
  const rows = ['a', "b'c"].map((value) => inlineSql`(${value}, ${null})`);
  assert.equal(joinSql(rows, ', ').text, "('a', NULL), ('b''c', NULL)");
});
