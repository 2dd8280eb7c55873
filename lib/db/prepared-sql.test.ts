import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definePreparedSql, executeSql } from './prepared-sql';

test('the name carries a digest of the text, so two versions of a statement never collide', () => {
  const first = definePreparedSql('reads', ['text'], 'SELECT $1');
  const second = definePreparedSql('reads', ['text'], 'SELECT $1 || $1');
  assert.match(first.name, /^bh_reads_[0-9a-f]{12}$/);
  assert.notEqual(first.name, second.name);
  assert.equal(first.prepareText, `PREPARE ${first.name}(text) AS SELECT $1`);
  assert.equal(definePreparedSql('reads', ['text'], 'SELECT $1').name, first.name, 'the same text keeps its name across processes');
});

test('labels are identifiers only: nothing else reaches the PREPARE text', () => {
  assert.throws(() => definePreparedSql('x; DROP TABLE chunks', [], 'SELECT 1'), /identifier/);
  assert.throws(() => definePreparedSql('Upper', [], 'SELECT 1'), /identifier/);
});

test('EXECUTE inlines its values as escaped literals', () => {
  const statement = definePreparedSql('reads', ['text', 'integer'], 'SELECT $1, $2');
  const executed = executeSql(statement, ["it's", 20]);
  assert.equal(executed.text, `EXECUTE ${statement.name}('it''s', 20)`);
  assert.equal(executed.prepared, statement);
  const withoutParameters = definePreparedSql('none', [], 'SELECT 1');
  assert.equal(withoutParameters.prepareText, `PREPARE ${withoutParameters.name} AS SELECT 1`);
  assert.equal(executeSql(withoutParameters, []).text, `EXECUTE ${withoutParameters.name}`);
  assert.throws(() => executeSql(statement, ['x', Number.NaN]), /finite/);
});
