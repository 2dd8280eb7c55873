import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { countRequestEvents, findUnverifiedChains, tallyAudit, type AuditTally } from './audit-check';
import { ChaosStack, readChaosPorts } from './chaos-stack';
import { createChaosTenant, findForeignPlants, type ChaosTenant } from './chaos-tenants';
import { createFaults, NO_FAULT } from './faults';
import { GatewayFleet } from './gateway-fleet';
import { countFailureKinds, judgeFault, measureRecovery, type FaultRow } from './judge-fault';
import { countAnswersWithoutOwnRow, runPooledIsolation } from './pooled-isolation';
import { sendThroughFleet, setPlantedTenants, type Outcome } from './send-request';
import { SteadyLoad, successRate } from './steady-load';
import { registerDatabaseServer } from '@/lib/control/database-servers/register-database-server';

export interface ChaosOptions {
  isShort: boolean;
  log: (line: string) => void;
}

export interface ChaosReport {
  baseline: { requests: number; successRate: number; ownRowRate: number };
  faults: (Omit<FaultRow, 'outcomes'> & { audit: AuditTally; foreignPlants: number })[];
  isolation: {
    workers: number;
    requests: number;
    answered: number;
    seconds: number;
    foreignPlants: number;
    withoutOwnRow: number;
    audit: AuditTally;
    failureKinds: Record<string, number>;
    /** Failures that were not an OpenAI-style 5xx with a plain message. */
    wrongFailures: string[];
  };
  total: { requests: number; foreignPlants: number; audit: AuditTally };
  unverifiedChains: string[];
  tenants: { slug: string; tier: string; server: string }[];
  recoveryBoundSeconds: number;
  concurrency: number;
}

export const RECOVERY_BOUND_SECONDS = 30;
/** The gateways give up on the shared simulator after this (the hang fault's 504); long enough for a busy 2-core machine. */
export const UPSTREAM_TIMEOUT_MS = 5_000;
const CONCURRENCY = 16;

/** The whole run: stack, tenants, fleet, steady load through every fault, the pooled isolation run, the audit checks. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log, isShort } = options;
  installPlacementAuditLog();
  const ports = readChaosPorts();
  const stack = await ChaosStack.start(process.env.BULKHEAD_CHAOS_DATA_DIR ?? 'chaos', ports, log);
  let fleet: GatewayFleet | undefined;
  // Interrupted: stop what this run started (gateways, both servers, KMS) before leaving.
  const interrupt = () => void Promise.allSettled([fleet?.stopAll()]).then(() => stack.stop().finally(() => process.exit(130)));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    Object.assign(process.env, stack.local.appEnv, { BULKHEAD_OWNER_DATABASE_URL: stack.local.urls.ownerUrl });
    log('Creating tenants: two namespace, one schema_kms, one dedicated here, one dedicated on the second server.');
    const ownEndpointUrl = stack.dedicatedModel.url;
    // Registered as a platform admin would on the servers page (the owner URL sealed under the platform key).
    const secondServer = await registerDatabaseServer(
      { platformRole: 'platform_admin' },
      { name: 'chaos second server', ownerUrl: stack.secondServerUrl, tlsMode: 'disable', region: 'loopback', capacityNotes: 'npm run chaos' },
      { actor: { type: 'system', id: 'chaos' }, requestId: randomUUID() },
    );
    const gatewayEnv = {
      ...stack.local.appEnv,
      BULKHEAD_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      BULKHEAD_UPSTREAM_PRIVATE_HOSTS: new URL(ownEndpointUrl).host,
      BULKHEAD_GATEWAY_DRAIN_MS: '15000',
      BULKHEAD_LOG_LEVEL: 'warn',
    };
    const gatewayLog = path.join(stack.dir, 'gateways.log');
    fleet = new GatewayFleet(ports.gateways, gatewayEnv, gatewayLog);
    const gatewayFleet = fleet;
    // The gateway processes start while the tenants are provisioned (the fleet keeps the owner role out of
    // their environment); the last one serves nothing until the cold-cache KMS outage admits it.
    const served = ports.gateways.map((_, index) => index).slice(0, -1);
    const coldGateway = holdColdGateway(fleet, ports.gateways.length - 1);
    log(
      `Starting ${ports.gateways.length} gateway processes (the ${ports.gateways.length}th joins during the cold-cache KMS outage); their log: ${gatewayLog}`,
    );
    const gatewaysStarted = Promise.all(served.map((index) => gatewayFleet.start(index)));
    // Registered and settled together, so a rejection here is not left unhandled while the tenants are made.
    gatewaysStarted.catch(() => {});

    // One after the other: provisioned side by side on a busy machine, platform transactions waited past their bound.
    const tenants: ChaosTenant[] = [];
    for (const spec of [
      { label: 'ns-a', tier: 'namespace' as const },
      { label: 'ns-b', tier: 'namespace' as const },
      { label: 'schema', tier: 'schema_kms' as const },
      { label: 'dedicated', tier: 'dedicated' as const, ownEndpointUrl },
      { label: 'second-server', tier: 'dedicated' as const, ownEndpointUrl, serverId: secondServer.id },
    ]) {
      tenants.push(await createChaosTenant(spec));
    }
    // This process's owner pools are not needed any more.
    delete process.env.BULKHEAD_OWNER_DATABASE_URL;
    await closePlacementPools();
    setPlantedTenants(tenants);
    assertLeakDetectorWorks(tenants);

    await gatewaysStarted;
    await Promise.all(served.map((index) => gatewayFleet.waitUntilReady(index)));
    fleet.startPolling();

    const runStartedAt = performance.now();
    log('Warming up: each tenant answered once, streaming and not, by every gateway.');
    await warmUp(fleet, tenants, runStartedAt);
    const slowestAnswerMs = UPSTREAM_TIMEOUT_MS + 1_000;
    const load = new SteadyLoad(fleet, tenants, CONCURRENCY, runStartedAt);
    load.start();
    const progress = setInterval(() => log(describeProgress(load)), 5_000);
    await sleep(isShort ? 1_000 : 3_000);
    const baselineFrom = load.now();
    await sleep(isShort ? 5_000 : 10_000);
    const baselineTo = load.now();
    // Every request started in the window counts, so each has finished first (a busy machine answers slowly).
    await waitUntil(() => load.hasSettled(baselineTo) || load.now() >= baselineTo + slowestAnswerMs);
    const baselineOutcomes = load.startedBetween(baselineFrom, baselineTo);
    const baseline = successRate(baselineOutcomes);
    log(`Baseline: ${baselineOutcomes.length} requests, ${(baseline * 100).toFixed(1)}% answered.`);
    if (!(baseline >= 0.9)) throw new Error(`with no fault only ${baselineOutcomes.length} requests were sent and ${(baseline * 100).toFixed(1)}% answered`);

    const context = {
      stack,
      fleet,
      tenants,
      outageMs: isShort ? 2_000 : 10_000,
      upstreamMs: isShort ? 1_500 : 8_000,
      auditLockMs: isShort ? 3_000 : 5_000,
      coldGateway,
    };
    const rows: FaultRow[] = [];
    // Gateways a fault killed or stopped start again at once, as a supervisor would restart them, but the
    // balancer admits them only after the last fault's measurements.
    let admitRestarted = () => {};
    const faultsMeasured = new Promise<void>((resolve) => (admitRestarted = resolve));
    const restarts: Promise<void>[] = [];
    const restartedIndexes = new Set<number>();
    for (const fault of createFaults(tenants[0], context.auditLockMs)) {
      const from = load.now();
      log(`Fault: ${fault.name} (affects ${fault.affects}).`);
      await fault.run(context);
      const clearedAt = load.now();
      for (const member of fleet.members) {
        if (member.child) continue;
        restartedIndexes.add(member.index);
        restarts.push(gatewayFleet.start(member.index, { beforeAdmitting: () => faultsMeasured }));
      }
      const backAtBaselineFrom = await measureRecovery(
        () => load.now(),
        (a, b) => load.startedBetween(a, b),
        { clearedAt, baseline, boundSeconds: RECOVERY_BOUND_SECONDS, slowestAnswerMs, hasSettled: (time) => load.hasSettled(time) },
      );
      const until = (backAtBaselineFrom ?? clearedAt + RECOVERY_BOUND_SECONDS * 1000) + (isShort ? 1_000 : 2_000);
      // Every request started up to `until` is judged, so each has finished first.
      await waitUntil(() => load.now() >= until && (load.hasSettled(until) || load.now() >= until + slowestAnswerMs));
      const row = judgeFault(fault, load.startedBetween(from, until), { from, clearedAt, backAtBaselineFrom });
      rows.push(row);
      log(
        `  lasted ${row.faultSeconds.toFixed(1)} s; ${row.recoverySeconds === null ? `not back at baseline within ${RECOVERY_BOUND_SECONDS} s` : `recovered ${row.recoverySeconds.toFixed(2)} s after clearing`}.`,
      );
    }
    await load.stop();
    clearInterval(progress);

    // The killed and stopped gateways, restarted above, join the balancer now, warmed up as the others were.
    admitRestarted();
    await Promise.all(restarts);
    await Promise.all(fleet.members.map((member) => gatewayFleet.waitUntilReady(member.index)));
    await warmUp(fleet, tenants, runStartedAt, restartedIndexes);
    const isolationTotal = isShort ? 500 : 10_000;
    log(`Pooled isolation: 50 workers alternating between ${tenants.length} tenants, ${isolationTotal} requests.`);
    const isolation = await runPooledIsolation(fleet, tenants, 50, isolationTotal, runStartedAt);

    log('Counting audit events per request and verifying every chain.');
    const [counts, unverifiedChains] = await Promise.all([countRequestEvents(tenants), findUnverifiedChains(tenants)]);
    const everything = [...load.outcomes, ...isolation.outcomes];
    const report: ChaosReport = {
      baseline: { requests: baselineOutcomes.length, successRate: baseline, ownRowRate: ownRowRate(baselineOutcomes) },
      faults: rows.map(({ outcomes, ...row }) => ({ ...row, audit: tallyAudit(outcomes, counts), foreignPlants: countForeign(outcomes) })),
      isolation: {
        workers: 50,
        requests: isolation.outcomes.length,
        answered: isolation.outcomes.filter((outcome) => outcome.kind === 'answered').length,
        seconds: isolation.seconds,
        foreignPlants: countForeign(isolation.outcomes),
        withoutOwnRow: countAnswersWithoutOwnRow(isolation.outcomes),
        audit: tallyAudit(isolation.outcomes, counts),
        failureKinds: countFailureKinds(isolation.outcomes),
        wrongFailures: judgeFault(NO_FAULT, isolation.outcomes, { from: 0, clearedAt: 0, backAtBaselineFrom: 0 }).wrongFailures,
      },
      total: { requests: everything.length, foreignPlants: countForeign(everything), audit: tallyAudit(everything, counts) },
      unverifiedChains,
      tenants: tenants.map((tenant) => ({ slug: tenant.slug, tier: tenant.tier, server: tenant.server })),
      recoveryBoundSeconds: RECOVERY_BOUND_SECONDS,
      concurrency: CONCURRENCY,
    };
    return report;
  } finally {
    await fleet?.stopAll();
    await closePlacementPools();
    await stack.stop();
  }
}

/**
 * Every gateway's first requests for a tenant load what it then caches (the query compiler, pools, keys): not
 * part of the baseline or of the pooled run. Each admitted gateway (of `only`, when given) answers each tenant,
 * streaming and not, once.
 */
async function warmUp(fleet: GatewayFleet, tenants: readonly ChaosTenant[], runStartedAt: number, only?: ReadonlySet<number>) {
  const deadline = performance.now() + 180_000;
  const admitted = fleet.members.filter((member) => member.url !== '' && (!only || only.has(member.index)));
  await Promise.all(
    admitted.flatMap((member) =>
      tenants.flatMap((tenant) =>
        [false, true].map(async (isStream) => {
          while ((await sendThroughFleet(fleet, tenant, isStream, runStartedAt, member)).kind !== 'answered') {
            if (performance.now() > deadline) throw new Error(`${tenant.slug} was never answered by gateway ${member.index + 1} while warming up`);
            await sleep(500);
          }
        }),
      ),
    ),
  );
}

/** Starts the last gateway listening but out of the balancer; `admit` lets it in and resolves once it is in. */
function holdColdGateway(fleet: GatewayFleet, index: number) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const started = fleet.start(index, { beforeAdmitting: () => released });
  started.catch(() => {});
  return {
    index,
    admit() {
      release();
      return started;
    },
  };
}

/** The harness must see a foreign plant when there is one, or a clean count proves nothing. */
function assertLeakDetectorWorks(tenants: readonly ChaosTenant[]) {
  const [own, other] = tenants;
  if (
    findForeignPlants(`quoted ${other.rowMarker} and ${other.canary}`, own, tenants).length !== 2 ||
    findForeignPlants(own.rowMarker, own, tenants).length !== 0
  ) {
    throw new Error('the leak detector does not see planted markers');
  }
}

/** The last 5 s of load in one line: how much, how much answered, and the commonest failure. */
function describeProgress(load: SteadyLoad): string {
  const recent = load.startedBetween(load.now() - 10_000, load.now() - 5_000);
  const failures = new Map<string, number>();
  for (const outcome of recent.filter((item) => item.kind !== 'answered')) {
    const key = `${outcome.tenant.slug} ${outcome.kind} ${outcome.status} ${outcome.error?.code ?? ''}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  }
  const commonest = [...failures.entries()].sort((a, b) => b[1] - a[1])[0];
  return `  [${(load.now() / 1000).toFixed(0)} s] ${recent.length} requests in 5 s, ${(successRate(recent) * 100).toFixed(0)}% answered${commonest ? `; most failed: ${commonest[0]} (${commonest[1]})` : ''}`;
}

function countForeign(outcomes: readonly Outcome[]): number {
  return outcomes.filter((outcome) => outcome.foreignPlants.length > 0).length;
}

function ownRowRate(outcomes: readonly Outcome[]): number {
  const answered = outcomes.filter((outcome) => outcome.kind === 'answered');
  return answered.filter((outcome) => outcome.content.includes(outcome.tenant.rowMarker)).length / Math.max(1, answered.length);
}

async function waitUntil(condition: () => boolean) {
  while (!condition()) await sleep(100);
}
