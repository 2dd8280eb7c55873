import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import {
  FUZZ_SEED,
  FuzzTally,
  countTenantRows,
  malformedBody,
  malformedHeaders,
  pathTrick,
  percentEncode,
  hostileString,
  sendRaw,
  wrongJson,
  type RawRequest,
} from '@/lib/testing/malformed-requests';
import { demo, signIn } from './fixtures';

// Every route and every server action of the built console, fed generated malformed requests over
// raw HTTP, anonymous and as a signed-in platform admin: no 5xx, no stack trace or SQL in any body,
// and no row of the fuzzed tenant written. The routes and actions are read from the build's own
// manifests, so a new page or action is fuzzed without editing this file.

const RUNS = 6_500;
const distDir = path.join(__dirname, '..', process.env.BULKHEAD_NEXT_DIST_DIR ?? '.next');

interface ActionTarget {
  id: string;
  name: string;
  pagePaths: string[];
}

/** `/(console)/tenants/[slug]/keys/page` → `/tenants/[slug]/keys` (route groups and the file kind removed). */
function toUrlPattern(manifestKey: string): string {
  return manifestKey.replace(/\/\([^)]+\)/g, '').replace(/\/(?:page|route)$/, '') || '/';
}

function readRoutePatterns(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'server', 'app-paths-manifest.json'), 'utf8')) as Record<string, string>;
  return Object.keys(manifest)
    .filter((key) => !key.startsWith('/_'))
    .map(toUrlPattern);
}

function readActions(): ActionTarget[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    name: `${entry.filename ?? '?'}#${entry.exportedName ?? '?'}`,
    pagePaths: Object.keys(entry.workers).map((worker) => toUrlPattern(`/${worker.replace(/^app\//, '')}`)),
  }));
}

async function createTenant(): Promise<{ id: string; slug: string }> {
  const client = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
  await client.connect();
  try {
    const slug = `e2e-fuzz-${randomUUID().slice(0, 8)}`;
    const result = await client.query<{ id: string }>(`INSERT INTO tenants (slug, name, kind) VALUES ($1, $2, 'internal_department') RETURNING id`, [
      slug,
      `E2E ${slug}`,
    ]);
    return { id: result.rows[0].id, slug };
  } finally {
    await client.end();
  }
}

// `next start` is Node's own HTTP server: a request head over Node's 16 KB limit is answered 431 and
// the socket closed by Node before any code of ours runs, so a client still sending its body sees a
// reset. Addresses here stay well under that with the longest fuzzed headers beside them (the proxy's
// 414 covers everything from 4 KB up); the gateway, which owns its server, is fuzzed with longer ones.
const MAX_PATH = 9_000;

/** Fills a route pattern's parameters with the fuzzed tenant, unknown ids or path tricks. */
function fillPattern(pattern: string, slug: string): fc.Arbitrary<string> {
  const parameter = fc.oneof(fc.constant(slug), fc.constant(randomUUID()), pathTrick, hostileString.map(percentEncode));
  const names = pattern.match(/\[[^\]]+\]/g) ?? [];
  return fc.tuple(...names.map(() => parameter), fc.option(pathTrick, { nil: '' })).map(([...values]) => {
    const suffix = values.pop() as string;
    let filled = pattern;
    for (const value of values) filled = filled.replace(/\[[^\]]+\]/, value);
    return `${filled}${suffix.startsWith('?') ? '' : suffix ? '/' : ''}${suffix}`.replace(/\s/g, '').slice(0, MAX_PATH);
  });
}

function consoleRequest(routes: string[], actions: ActionTarget[], slug: string, cookie: string): fc.Arbitrary<RawRequest & { label: string }> {
  const session = fc.constantFrom<string | undefined>(cookie, undefined, 'authjs.session-token=%00', `${cookie}; ${cookie}`);
  const withSession = (headers: Record<string, string | string[]>, value: string | undefined) => (value ? { ...headers, cookie: value } : headers);
  const route = fc
    .record({
      pattern: fc.constantFrom(...routes),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      headers: malformedHeaders([null]),
      session,
      body: fc.option(malformedBody, { nil: undefined }),
      isChunked: fc.boolean(),
    })
    .chain((picked) =>
      fillPattern(picked.pattern, slug).map((filled) => ({
        label: `route ${picked.pattern}`,
        method: picked.method,
        path: filled,
        headers: withSession(picked.headers, picked.session),
        body: picked.method === 'GET' ? undefined : picked.body,
        isChunked: picked.isChunked,
      })),
    );
  const actionBody = fc.oneof(
    malformedBody,
    fc.tuple(fc.oneof(fc.constant(slug), wrongJson), wrongJson).map((args) => Buffer.from(JSON.stringify(args))),
    wrongJson.map((value) => Buffer.from(JSON.stringify([value]))),
  );
  const action = fc
    .record({
      target: fc.constantFrom(...actions),
      actionId: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, fc.constantFrom('', '0'.repeat(42), 'x', '%00')),
      headers: malformedHeaders([null]),
      session,
      body: fc.option(actionBody, { nil: undefined }),
      isChunked: fc.boolean(),
      pageIndex: fc.nat(),
    })
    .chain((picked) =>
      fillPattern(picked.target.pagePaths[picked.pageIndex % picked.target.pagePaths.length], slug).map((filled) => ({
        label: `action ${picked.target.name}`,
        method: 'POST',
        path: filled,
        headers: withSession({ ...picked.headers, 'next-action': picked.actionId ?? picked.target.id }, picked.session),
        body: picked.body,
        isChunked: picked.isChunked,
      })),
    );
  return fc.oneof(route, action).filter((request) => /^[\u0021-\u00ff]*$/.test(request.path));
}

test('malformed requests to every route and server action get a 4xx, never a 5xx or internals', async ({ page, baseURL }) => {
  test.setTimeout(900_000);
  const routes = readRoutePatterns();
  const actions = readActions();
  expect(routes.length, 'routes from the build manifest').toBeGreaterThan(20);
  expect(actions.length, 'server actions from the build manifest').toBeGreaterThan(10);
  const tenant = await createTenant();
  await signIn(page, demo.platformAdmin);
  const cookie = (await page.context().cookies()).map((entry) => `${entry.name}=${entry.value}`).join('; ');

  const owner = new pg.Client({ connectionString: process.env.BULKHEAD_OWNER_DATABASE_URL });
  await owner.connect();
  const rowsBefore = await countTenantRows(owner, [tenant.id]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const tally = new FuzzTally();
  const actionCalls = new Map<string, number>();
  try {
    await fc.assert(
      fc.asyncProperty(consoleRequest(routes, actions, tenant.slug, cookie), async ({ label, ...request }) => {
        if (label.startsWith('action ')) actionCalls.set(label, (actionCalls.get(label) ?? 0) + 1);
        tally.record(label, request, await sendRaw(baseURL!, request, agent));
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );
  } finally {
    agent.destroy();
  }
  const rowsAfter = await countTenantRows(owner, [tenant.id]);
  await owner.end();
  console.log(`${tally.describe('console fuzz')}; ${routes.length} routes, ${actionCalls.size} of ${actions.length} server actions reached`);
  for (const problem of tally.problems) console.log(`  ${problem}`);
  expect(tally.problems).toEqual([]);
  expect(tally.byStatus.get(400) ?? 0, 'positive control: many requests got as far as validation').toBeGreaterThan(RUNS / 20);
  expect(actionCalls.size, 'every server action was called').toBe(actions.length);
  expect(rowsAfter, 'no row of the fuzzed tenant was written by a refused request').toEqual(rowsBefore);
});
