import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { assertValidEnvironment, env, EnvironmentError } from './env';

const saved = { ...process.env };

describe('lib/env', () => {
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  test('an unset or empty setting takes its default; a set one is parsed', () => {
    delete process.env.BULKHEAD_DB_POOL_SIZE;
    assert.equal(env.databasePoolSize, 10);
    process.env.BULKHEAD_DB_POOL_SIZE = '';
    assert.equal(env.databasePoolSize, 10);
    process.env.BULKHEAD_DB_POOL_SIZE = '4';
    assert.equal(env.databasePoolSize, 4);
  });

  test('a bad value fails with the variable named and the value not echoed', () => {
    process.env.BULKHEAD_SQL_STATEMENT_TIMEOUT_MS = 'soon';
    assert.throws(
      () => env.sqlStatementTimeoutMs,
      (error: Error) => error instanceof EnvironmentError && /^BULKHEAD_SQL_STATEMENT_TIMEOUT_MS /.test(error.message) && !error.message.includes('soon'),
    );
    process.env.BULKHEAD_DB_POOL_SIZE = '0';
    assert.throws(() => env.databasePoolSize, /BULKHEAD_DB_POOL_SIZE must be greater than 0/);
  });

  test('a missing required setting names the variable', () => {
    delete process.env.BULKHEAD_APP_DATABASE_URL;
    assert.throws(() => env.appDatabaseUrl, /BULKHEAD_APP_DATABASE_URL is not set/);
  });

  test('the start-up check reports every bad variable at once and passes a valid environment', () => {
    process.env.BULKHEAD_LOCAL_MODEL_URL = 'not a url';
    process.env.BULKHEAD_PLACEMENT_DRAIN_MS = '-1';
    assert.throws(
      assertValidEnvironment,
      (error: Error) => /BULKHEAD_LOCAL_MODEL_URL must be a URL/.test(error.message) && /BULKHEAD_PLACEMENT_DRAIN_MS must be 0 or more/.test(error.message),
    );
    process.env.BULKHEAD_LOCAL_MODEL_URL = 'http://127.0.0.1:4600';
    process.env.BULKHEAD_PLACEMENT_DRAIN_MS = '0';
    assert.doesNotThrow(assertValidEnvironment);
  });

  test('a metrics token too short to resist guessing is refused without echoing it', () => {
    process.env.BULKHEAD_METRICS_TOKEN = 'short-token';
    assert.throws(
      () => env.metricsToken,
      (error: Error) => /^BULKHEAD_METRICS_TOKEN must be at least 32 characters/.test(error.message) && !error.message.includes('short-token'),
    );
    process.env.BULKHEAD_METRICS_TOKEN = 'a'.repeat(32);
    assert.equal(env.metricsToken, 'a'.repeat(32));
    delete process.env.BULKHEAD_METRICS_TOKEN;
    assert.equal(env.metricsToken, undefined);
    process.env.BULKHEAD_GATEWAY_METRICS_PORT = '70000';
    assert.throws(() => env.gatewayMetricsPort, /BULKHEAD_GATEWAY_METRICS_PORT must be a port from 1 to 65535/);
  });
});
