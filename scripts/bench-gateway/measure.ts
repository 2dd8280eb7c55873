import { createRequire } from 'node:module';
import { readProcessGroupCpuMs, readServerCpuMs } from '../services/process-group-cpu';

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p97_5: number; p99: number };
  '2xx': number;
  non2xx: number;
  '4xx': number;
  errors: number;
  timeouts: number;
}
// autocannon ships no type declarations.
const autocannon = createRequire(__filename)('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

/** Whose CPU a row charges: a process group (the server and its workers) and, if any, a PostgreSQL postmaster. */
export interface CpuMeters {
  gatewayGroup: number;
  postmasterPid: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  body: string;
}

export interface Row {
  name: string;
  rps: number;
  p50: number;
  p97: number;
  p99: number;
  gatewayCpu: string;
  postgresCpu: string;
  answered: number;
  failed: number;
  refused4xx: number;
  /** Audit events appended during the run, where counted. */
  auditEvents?: number;
  /** The refusal a reference row expects (the 401 floor); any other status is its failure. */
  expectedStatus?: number;
}

/**
 * Runs autocannon against `url` and reads the CPU the target and PostgreSQL spent meanwhile (from
 * /proc), per request served. `requests` rotates over several header sets (tenants) when given.
 */
export async function measure(
  name: string,
  url: string,
  headers: Record<string, string>,
  load: LoadOptions,
  meters?: CpuMeters,
  requests?: Record<string, string>[],
): Promise<Row> {
  const before = meters && readCpu(meters);
  const result = await autocannon({
    url,
    method: 'POST',
    connections: load.connections,
    duration: load.seconds,
    body: load.body,
    headers: { 'content-type': 'application/json', ...headers },
    ...(requests
      ? { requests: requests.map((extra) => ({ method: 'POST', body: load.body, headers: { 'content-type': 'application/json', ...headers, ...extra } })) }
      : {}),
  });
  const after = meters && readCpu(meters);
  const served = result.requests.average * load.seconds;
  // A backend that exits between the two readings takes its CPU out of the sum: never print below zero.
  const perRequest = (spent: number | null | undefined) => (spent == null || served === 0 ? '?' : Math.max(0, spent / served).toFixed(2));
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p97: result.latency.p97_5,
    p99: result.latency.p99,
    gatewayCpu: perRequest(before && after && after.gateway! - before.gateway!),
    postgresCpu: meters?.postmasterPid ? perRequest(before && after && after.postgres! - before.postgres!) : '-',
    answered: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    refused4xx: result['4xx'],
  };
}

function readCpu(meters: CpuMeters) {
  return { gateway: readProcessGroupCpuMs(meters.gatewayGroup), postgres: meters.postmasterPid ? readServerCpuMs(meters.postmasterPid) : 0 };
}

/** The table, with latency added over the direct upstream row. */
export function printRows(rows: Row[], direct: Row) {
  console.log(
    '| target | req/s | p50 ms | p97.5 ms | p99 ms | added p50 | added p99 | CPU ms/req | PostgreSQL CPU ms/req | failed | answered | audit events |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const added = (value: number | string) => (row === direct ? '-' : value);
    // The floor rows are refused on purpose: there, anything but the refusal is the failure.
    const failed = row.expectedStatus ? row.failed - row.refused4xx : row.failed;
    console.log(
      `| ${row.name} | ${row.rps} | ${row.p50} | ${row.p97} | ${row.p99} | ${added(row.p50 - direct.p50)} | ${added(row.p99 - direct.p99)} | ${added(row.gatewayCpu)} | ${added(row.postgresCpu)} | ${failed} | ${row.answered} | ${row.auditEvents ?? '-'} |`,
    );
  }
}
