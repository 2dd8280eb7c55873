import assert from 'node:assert/strict';
import { test } from 'node:test';
import { laneOf, toPlacementConnection } from './connection-target';

test("a placement's connection keeps its server's TLS settings and takes its own role, password and database", () => {
  const server = 'postgres://owner:owner-secret@db.internal:6543/bulkhead?sslmode=verify-full';
  const config = toPlacementConnection(server, 'bh_t1_prompt_s', 'p@ss:w/rd?#', 'bh_t1_prompt');
  assert.deepEqual(
    { ...config, ssl: undefined },
    { host: 'db.internal', port: 6543, user: 'bh_t1_prompt_s', password: 'p@ss:w/rd?#', database: 'bh_t1_prompt', ssl: undefined },
  );
  assert.ok(config.ssl && typeof config.ssl === 'object' && config.ssl.rejectUnauthorized !== false, 'TLS on, certificates checked');
});

test('a server URL without TLS settings gives a connection without TLS', () => {
  assert.equal(toPlacementConnection('postgres://owner:x@127.0.0.1:5432/bulkhead', 'r', 'p', 'd').ssl, false);
  assert.equal(toPlacementConnection('postgres://owner:x@127.0.0.1:5432/bulkhead?sslmode=disable', 'r', 'p', 'd').ssl, false);
});

test('each schema keeps to one lane of the shared pool, and a thousand schemas spread over the lanes evenly', () => {
  const schemas = Array.from({ length: 1_000 }, (_, index) => `t_${index.toString(16).padStart(32, '0')}_retrieval`);
  assert.equal(laneOf(schemas[0], 4), laneOf(schemas[0], 4));
  const perLane = [0, 0, 0, 0];
  for (const schema of schemas) perLane[laneOf(schema, 4)] += 1;
  for (const count of perLane) assert.ok(count > 200 && count < 300, `lanes hold ${perLane.join(', ')} schemas`);
  assert.equal(laneOf(schemas[0], 1), 0, 'one lane serves every schema');
});
