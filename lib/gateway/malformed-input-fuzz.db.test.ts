import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createApiKey } from '@/lib/auth/api-keys/manage-api-keys';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createGatewayTenant, startGatewayHarness, type GatewayHarness } from '@/lib/enforcement/testing/gateway-harness';
import { connectAsOwner } from '@/lib/testing/fixtures';
import {
  FUZZ_SEED,
  FuzzTally,
  countTenantRows,
  hostileString,
  malformedBody,
  malformedHeaders,
  pathTrick,
  percentEncode,
  sendRaw,
  wrongJson,
  type RawRequest,
} from '@/lib/testing/malformed-requests';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';

const RUNS = 3_500;
const ROUTES = ['/v1/chat/completions', '/v1/embeddings', '/v1/responses', '/v1/models', '/v1/audit/events', '/healthz', '/readyz'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const AUDIT_FILTERS = ['actor', 'action', 'outcome', 'from', 'to', 'limit', 'cursor', 'tenant', 'requestId', 'target'];

/** Chat-shaped bodies with each field of the wrong type or shape, so validation (not just JSON parsing) is exercised. */
const wrongTypedChat = fc
  .record(
    {
      model: fc.oneof(fc.constant('sim-small'), wrongJson),
      messages: fc.oneof(
        wrongJson,
        fc.array(
          fc.record({ role: fc.oneof(fc.constantFrom('user', 'system', 'tool', 'developer'), wrongJson), content: fc.oneof(hostileString, wrongJson) }),
          {
            maxLength: 4,
          },
        ),
      ),
      stream: wrongJson,
      tools: wrongJson,
      input: wrongJson,
      max_tokens: wrongJson,
      n: wrongJson,
    },
    { requiredKeys: [] },
  )
  .map((body) => Buffer.from(JSON.stringify(body)));

/** The gateway API over real HTTP, with the keys a client may hold (inference, audit-read, none, a broken one). */
function gatewayRequest(credentials: readonly (string | null)[]): fc.Arbitrary<RawRequest> {
  const query = fc
    .array(fc.tuple(fc.constantFrom(...AUDIT_FILTERS), fc.oneof(pathTrick, hostileString.map(percentEncode))), { maxLength: 3 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([key, value]) => `${key}=${value.replace(/^\?/, '')}`).join('&')}` : ''));
  // Mostly real routes, so that most requests reach authentication and validation rather than a 404.
  const path = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), query).map(([route, search]) => route + search) },
    fc.tuple(fc.constantFrom(...ROUTES, '/api/v1/chat/completions', '/v1'), pathTrick).map(([route, trick]) => `${route}/${trick}`),
    pathTrick.map((trick) => `/${trick}`),
  );
  return fc.record({
    method: fc.oneof({ weight: 3, arbitrary: fc.constant('POST') }, fc.constantFrom(...METHODS)),
    path: path.filter((value) => /^[\u0021-\u00ff]*$/.test(value)),
    headers: malformedHeaders(credentials),
    body: fc.option(fc.oneof(malformedBody, wrongTypedChat), { nil: undefined }),
    isChunked: fc.boolean(),
    closesConnection: fc.boolean(),
  });
}

describe('the gateway service answers malformed input with a 4xx, never a 5xx or its internals', () => {
  let harness: GatewayHarness;
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;
  let auditKey: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  before(async () => {
    harness = await startGatewayHarness();
    tenant = await createGatewayTenant('gw-fuzz', { burst: 100_000, requestsPerMinute: 100_000 });
    const created = await createApiKey(tenant.id, {
      name: 'fuzz audit',
      scope: 'audit_read',
      actor: { type: 'system', id: 'fuzz' },
      createdBy: null,
      requestId: 'fuzz',
    });
    auditKey = created.secret;
  });
  after(async () => {
    agent.destroy();
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test(`${RUNS} generated requests (seed ${FUZZ_SEED})`, { timeout: 600_000 }, async () => {
    const baseUrl = harness.baseURL.replace(/\/v1$/, '');
    const owner = await connectAsOwner();
    const rowsBefore = await countTenantRows(owner, [tenant.id]);
    const tally = new FuzzTally();
    const credentials = [`Bearer ${tenant.apiKey}`, `Bearer ${auditKey}`, `Bearer ${tenant.apiKey.slice(0, -2)}zz`, null];
    await fc.assert(
      fc.asyncProperty(gatewayRequest(credentials), async (request) => {
        tally.record('gateway', request, await sendRaw(baseUrl, request, agent));
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );
    const rowsAfter = await countTenantRows(owner, [tenant.id]);
    await owner.end();
    console.log(tally.describe('gateway fuzz'));
    assert.deepEqual(tally.problems, []);
    assert.ok((tally.byStatus.get(400) ?? 0) > RUNS / 20, 'positive control: many requests got as far as validation');
    assert.deepEqual(rowsAfter, rowsBefore, 'no tenant row was written by a refused request');
  });
});
