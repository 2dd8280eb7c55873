import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toPlacementConnection } from './connection-target';

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
