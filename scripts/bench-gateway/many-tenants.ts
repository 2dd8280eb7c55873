import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { measure, type CpuMeters, type LoadOptions, type Row } from './measure';

export interface SpreadTenant {
  id: string;
  apiKey: string;
}

export interface SpreadFigures {
  row: Row;
  tenants: number;
  /** The most PostgreSQL client sessions seen during the row (all clients but the sampler's owner sessions). */
  maxSessions: number;
  kmsCalls: number;
}

/**
 * `count` tenants made by `create`, `concurrency` at a time (placement DDL is serialised by the
 * server anyway; KMS calls and audit appends overlap), with progress every hundred.
 */
export async function createManyTenantsWith(count: number, create: (index: number) => Promise<SpreadTenant>, concurrency = 4): Promise<SpreadTenant[]> {
  const made: SpreadTenant[] = new Array(count);
  const started = Date.now();
  let next = 0;
  let done = 0;
  const work = async () => {
    while (next < count) {
      const index = next++;
      made[index] = await create(index);
      done += 1;
      if (done % 100 === 0 || done === count) console.log(`Created and placed ${done} of ${count} tenants (${((Date.now() - started) / 1000).toFixed(0)} s).`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, work));
  return made;
}

/**
 * One row with each request sent as the next tenant in turn, after a warm-up that reaches every
 * tenant several times (first use loads its key, settings, placements and data key, and each pool
 * connection plans the tenant's statements once, as in any long-running gateway). Meanwhile it samples the server's session count every 100 ms and counts the KMS calls the
 * local KMS logged.
 */
export async function measureSpreadWith(options: {
  label: string;
  url: string;
  spread: SpreadTenant[];
  meters: CpuMeters;
  ownerUrl: string;
  load: LoadOptions;
  kmsAccessLog: string;
  countAuditEvents: (tenantId: string) => Promise<number>;
}): Promise<SpreadFigures> {
  const { label, url, spread, meters, load } = options;
  const requests = spread.map((tenant) => ({ authorization: `Bearer ${tenant.apiKey}` }));
  await measure('warm-up spread', url, {}, { ...load, seconds: Math.max(5, Math.ceil(spread.length / 25)) }, undefined, requests);
  const eventsBefore = await sumAuditEvents(spread, options.countAuditEvents);
  const kmsBefore = countLines(options.kmsAccessLog);
  const sampler = await sampleSessions(options.ownerUrl);
  let row: Row;
  try {
    row = await measure(label, url, {}, load, meters, requests);
  } finally {
    await sampler.stop();
  }
  return {
    row: { ...row, auditEvents: (await sumAuditEvents(spread, options.countAuditEvents)) - eventsBefore },
    tenants: spread.length,
    maxSessions: sampler.max(),
    kmsCalls: countLines(options.kmsAccessLog) - kmsBefore,
  };
}

export function printSpreadFigures(figures: SpreadFigures, rows: Row[]): void {
  const single = rows.find((row) => row.name.endsWith('schema_kms tenant'));
  const share =
    single && single.rps > 0
      ? `${Math.round((100 * figures.row.rps) / single.rps)}% of the one-tenant schema_kms row (${single.rps} req/s; target at least 80%)`
      : 'no one-tenant row to compare';
  const cap = process.env.BULKHEAD_PLACEMENT_MAX_CONNECTIONS ?? '100';
  console.log(`\nSpread over ${figures.tenants} schema_kms tenants: ${figures.row.rps} req/s, ${share}.`);
  console.log(
    `PostgreSQL client sessions at most ${figures.maxSessions} during the row (placement pools capped at ${cap} per process, plus the app role's pools).`,
  );
  console.log(`KMS calls during the row: ${figures.kmsCalls} (${figures.tenants} tenants).`);
}

async function sumAuditEvents(spread: SpreadTenant[], count: (tenantId: string) => Promise<number>): Promise<number> {
  let total = 0;
  for (const tenant of spread) total += await count(tenant.id);
  return total;
}

function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

async function sampleSessions(ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let max = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    pending = client
      // Other roles' sessions show their user but not their backend type to this role; background workers have no user.
      .query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename IS NOT NULL AND usename <> current_user')
      .then(({ rows }) => (max = Math.max(max, rows[0].n)))
      .catch(() => {});
  }, 100);
  return {
    max: () => max,
    async stop() {
      clearInterval(timer);
      await pending;
      await client.end();
    },
  };
}
