import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'pg-connection-string';
import { toPlacementConnectionString } from './connection-target';

// What the pg driver itself makes of the connection string, so the test sees what a pool would use.
const asDriverSees = (url: string) => parse(url);

test("a placement's connection keeps its server's TLS settings and takes its own role, password and database", () => {
  const server = 'postgres://owner:owner-secret@db.internal:6543/bulkhead?sslmode=verify-full&connect_timeout=5';
  const config = asDriverSees(toPlacementConnectionString(server, 'bh_t1_prompt_s', 'p@ss:w/rd?#', 'bh_t1_prompt'));
  assert.equal(config.host, 'db.internal');
  assert.equal(config.port, '6543');
  assert.equal(config.user, 'bh_t1_prompt_s');
  assert.equal(config.password, 'p@ss:w/rd?#');
  assert.equal(config.database, 'bh_t1_prompt');
  assert.equal(config.sslmode, 'verify-full');
  assert.ok(config.ssl && typeof config.ssl === 'object' && config.ssl.rejectUnauthorized !== false, 'TLS on, certificates checked');
  assert.equal(config.connect_timeout, '5');
});

test('without TLS settings there is no TLS, and the server URL cannot override the search path or application name', () => {
  const config = asDriverSees(toPlacementConnectionString('postgres://owner:x@127.0.0.1:5432/bulkhead?options=-c%20search_path%3Dpublic&application_name=spoof', 'r', 'p', 'd'));
  assert.ok(!config.ssl, 'positive control: no sslmode, no TLS');
  assert.equal(config.options, undefined);
  assert.equal(config.application_name, undefined);
});
