import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UpstreamFaultMode } from '@/scripts/local-model/server';
import type { ChaosStack } from './chaos-stack';
import type { ChaosTenant } from './chaos-tenants';
import type { GatewayFleet } from './gateway-fleet';
import type { Outcome } from './send-request';

export interface FaultContext {
  stack: ChaosStack;
  fleet: GatewayFleet;
  tenants: readonly ChaosTenant[];
  /** How long outages last (10 s in the full run). */
  outageMs: number;
  /** How long each upstream fault lasts. */
  upstreamMs: number;
  /** How long the audit chain head stays locked. */
  auditLockMs: number;
  /** The gateway that has served nothing: started at the outset, listening, held out of the balancer until admitted. */
  coldGateway: { index: number; admit(): Promise<void> };
}

/** How an affected request may fail: an OpenAI-style error status, or (a gateway process gone) no response or a cut one. */
export type AllowedFailure = 502 | 503 | 504 | 'unreachable' | 'cut';

export interface ChaosFault {
  name: string;
  /** Which tenants or requests the fault may touch; every other request must still be answered. */
  affects: string;
  isAffected(outcome: Outcome): boolean;
  allowed: AllowedFailure[];
  /** Breaks something, waits out the fault and mends it (nothing else is restarted). */
  run(context: FaultContext): Promise<void>;
}

const byTier = (isAffected: (tenant: ChaosTenant) => boolean) => (outcome: Outcome) => isAffected(outcome.tenant);
export const STATUSES: AllowedFailure[] = [502, 503, 504];

function upstreamFault(mode: UpstreamFaultMode, label: string): ChaosFault {
  return {
    name: `upstream ${label}`,
    affects: 'shared-pool tenants (namespace, schema_kms)',
    isAffected: byTier((tenant) => tenant.tier !== 'dedicated'),
    allowed: STATUSES,
    async run({ stack, upstreamMs }) {
      await stack.setUpstreamFault(mode);
      await sleep(upstreamMs);
      await stack.setUpstreamFault(null);
    },
  };
}

// Every tier seals something under a KMS key (prompts even at namespace), so an outage touches every tenant
// whose keys a process has not cached: such requests must be refused with 503, the rest served.
const KMS_AFFECTS = 'tenants whose keys a gateway has not cached';

/** No fault at all (the pooled isolation run): a request may still fail, but only as an OpenAI-style 5xx with a plain message. */
export const NO_FAULT: ChaosFault = { name: 'no fault', affects: 'none', isAffected: () => true, allowed: STATUSES, run: async () => {} };

/** The faults, in the order the run applies them. */
export function createFaults(stalledTenant: ChaosTenant, auditLockMs: number): ChaosFault[] {
  return [
    {
      name: 'PostgreSQL restart',
      affects: 'every tenant (control plane)',
      isAffected: () => true,
      allowed: STATUSES,
      run: ({ stack }) => stack.restartPostgres(),
    },
    {
      name: 'second server refuses connections',
      affects: 'tenants placed on the second server',
      isAffected: byTier((tenant) => tenant.server === 'second'),
      allowed: STATUSES,
      async run({ stack, outageMs }) {
        await stack.stopSecondPostgres();
        await sleep(outageMs);
        await stack.startSecondPostgres();
      },
    },
    {
      name: 'KMS stopped, caches warm',
      affects: KMS_AFFECTS,
      isAffected: () => true,
      allowed: STATUSES,
      async run({ stack, outageMs }) {
        await stack.stopKms();
        await sleep(outageMs);
        await stack.startKms();
      },
    },
    {
      name: 'KMS stopped, a cold gateway joins',
      affects: KMS_AFFECTS,
      isAffected: () => true,
      allowed: STATUSES,
      async run({ stack, fleet, coldGateway, outageMs }) {
        // A gateway process that has served nothing has no data key, prompt or role password cached: during
        // the outage it must refuse, not guess. It was started while KMS was up (its process start-up is not
        // the fault) and joins the balancer when KMS stops (which fails open to it: no /readyz passes without KMS).
        await fleet.waitUntilListening(coldGateway.index);
        await stack.stopKms();
        await coldGateway.admit();
        await sleep(outageMs);
        await stack.startKms();
      },
    },
    upstreamFault('error_5xx', 'returns 5xx'),
    upstreamFault('hang', 'hangs past the timeout'),
    upstreamFault('garbled', 'sends garbled answers'),
    upstreamFault('truncated', 'truncates answers'),
    {
      name: `audit chain head locked ${auditLockMs / 1000} s`,
      affects: `one namespace tenant (${stalledTenant.slug})`,
      isAffected: (outcome) => outcome.tenant.id === stalledTenant.id,
      allowed: STATUSES,
      async run({ stack, auditLockMs }) {
        // As the superuser: forced row-level security hides the row from every Bulkhead role without the tenant's context.
        const url = new URL(stack.local.adminUrl);
        url.pathname = `/${stack.database}`;
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        try {
          await client.query('BEGIN');
          const locked = await client.query('SELECT 1 FROM audit_heads WHERE tenant_id = $1 FOR UPDATE', [stalledTenant.id]);
          if (locked.rowCount !== 1) throw new Error(`no audit chain head to lock for ${stalledTenant.slug}`);
          await sleep(auditLockMs);
          await client.query('COMMIT');
        } finally {
          await client.end();
        }
      },
    },
    {
      name: 'gateway SIGKILLed mid-stream',
      affects: 'requests on gateway 2',
      isAffected: (outcome) => outcome.gateway === 1,
      allowed: [...STATUSES, 'unreachable', 'cut'],
      async run({ fleet }) {
        const deadline = Date.now() + 15_000;
        while (fleet.members[1].streamsInFlight === 0 && Date.now() < deadline) await sleep(5);
        await fleet.signal(1, 'SIGKILL');
      },
    },
    {
      name: 'gateway SIGTERM (drains)',
      affects: 'requests on gateway 3',
      isAffected: (outcome) => outcome.gateway === 2,
      // Draining finishes what is in flight; only new connections may be refused.
      allowed: [...STATUSES, 'unreachable'],
      run: ({ fleet }) => fleet.signal(2, 'SIGTERM'),
    },
  ];
}
