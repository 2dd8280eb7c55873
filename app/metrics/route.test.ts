import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { GET } from './route';

const TOKEN = 'console-metrics-token-0123456789abcdef0123';

describe("the console's /metrics", () => {
  afterEach(() => {
    delete process.env.BULKHEAD_METRICS_TOKEN;
  });

  test('does not exist without a configured token', async () => {
    assert.equal((await GET(new Request('http://console/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }))).status, 404);
  });

  test('refuses a scrape without the token or with another, and serves the series with it', async () => {
    process.env.BULKHEAD_METRICS_TOKEN = TOKEN;
    const anonymous = await GET(new Request('http://console/metrics'));
    assert.equal(anonymous.status, 401);
    assert.doesNotMatch(await anonymous.text(), /bulkhead_/);
    assert.equal((await GET(new Request('http://console/metrics', { headers: { authorization: 'Bearer not-the-token' } }))).status, 401);
    const scraped = await GET(new Request('http://console/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }));
    assert.equal(scraped.status, 200);
    const body = await scraped.text();
    for (const name of ['bulkhead_gateway_requests_total', 'bulkhead_audit_queue_depth', 'bulkhead_kms_calls_total', 'bulkhead_db_pool_connections'])
      assert.match(body, new RegExp(`^# TYPE ${name} `, 'm'));
  });
});
