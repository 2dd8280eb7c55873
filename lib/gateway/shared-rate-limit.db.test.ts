import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGatewayTenant } from '@/lib/enforcement/testing/gateway-harness';
import { postChatCompletion, useGatewayFleet, type GatewayProcess } from './testing/gateway-process';

// A tenant's rate limit is one budget for every gateway process: two real processes, each sent the
// tenant's whole burst twice over, together admit the burst once (plus what refills meanwhile).
describe('rate limits across gateway processes', () => {
  const fleet = useGatewayFleet(2);

  test('two processes do not allow twice the rate', async () => {
    // 10 at once, then one every 10 s: the test's few seconds refill at most one more.
    const burst = 10;
    const tenant = await createGatewayTenant('gw-shared-limit', { burst, requestsPerMinute: 6 });
    const warmUp = await createGatewayTenant('gw-shared-limit-warm-up');
    const send = (gateway: GatewayProcess, apiKey = tenant.apiKey) => postChatCompletion(gateway, apiKey);
    // Both processes warm (a first request loads their clients), so neither wins the budget by starting first.
    for (const gateway of fleet.gateways) assert.equal((await send(gateway, warmUp.apiKey)).status, 200);
    const started = Date.now();
    const responses: Response[] = [];
    // Alternating between the processes, each sent the whole burst twice over.
    for (let index = 0; index < 4 * burst; index += 1) responses.push(await send(fleet.gateways[index % 2]));
    const refillAllowance = Math.floor(((Date.now() - started) / 60_000) * 6) + 1;
    const admittedBy = [0, 0];
    responses.forEach((response, index) => {
      if (response.status === 200) admittedBy[index % 2] += 1;
      else {
        assert.equal(response.status, 429);
        assert.ok(Number(response.headers.get('retry-after')) >= 1, 'a refusal says when to retry');
      }
    });
    const admitted = admittedBy[0] + admittedBy[1];
    assert.ok(admitted >= burst, `positive control: the burst was spendable (${admitted} admitted)`);
    assert.ok(admittedBy[0] > 0 && admittedBy[1] > 0, `both processes admitted from the one budget (${admittedBy})`);
    assert.ok(admitted <= burst + refillAllowance, `${admitted} admitted across two processes; one budget allows ${burst} + ${refillAllowance}`);
  });

  test('requests racing on both processes at once still take each token once', async () => {
    const burst = 8;
    const tenant = await createGatewayTenant('gw-shared-race', { burst, requestsPerMinute: 6 });
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 6 * burst }, (_, index) => postChatCompletion(fleet.gateways[index % 2], tenant.apiKey).then((response) => response.status)),
    );
    const admitted = statuses.filter((status) => status === 200).length;
    assert.deepEqual([...new Set(statuses)].sort(), [200, 429]);
    assert.ok(admitted >= burst && admitted <= burst + Math.floor(((Date.now() - started) / 60_000) * 6) + 1, `${admitted} admitted of a burst of ${burst}`);
  });
});
