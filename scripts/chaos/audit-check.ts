import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import type { ChaosTenant } from './chaos-tenants';
import type { Outcome } from './send-request';

/** Each tenant's `inference.request` events per request id, read from its chain wherever it lives. */
export async function countRequestEvents(tenants: readonly ChaosTenant[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const tenant of tenants) {
    for await (const event of getAuditChainStore(tenant.id).streamEvents()) {
      if (event.action !== 'inference.request') continue;
      const key = `${tenant.id}/${event.requestId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export interface AuditTally {
  /** Requests whose client received answer text (whole or in part). */
  withContent: number;
  /** Of those, how many have no event for their answer. */
  lost: number;
  /** Of those, how many have more events than one answer makes. */
  duplicated: number;
  examples: string[];
}

/**
 * One event per answer: a plain answer has exactly one `inference.request` event; a stream has its
 * `stream_start` (committed before the first byte) and, when it ended through the gateway, one
 * `stream_end`: exactly two for a whole stream, one or two for a stream cut or ended by an error.
 */
export function tallyAudit(outcomes: readonly Outcome[], counts: Map<string, number>): AuditTally {
  const tally: AuditTally = { withContent: 0, lost: 0, duplicated: 0, examples: [] };
  for (const outcome of outcomes) {
    if (outcome.content === '') continue;
    tally.withContent += 1;
    const count = outcome.requestId ? (counts.get(`${outcome.tenant.id}/${outcome.requestId}`) ?? 0) : 0;
    const [least, most] = !outcome.isStream ? [1, 1] : outcome.kind === 'answered' ? [2, 2] : [1, 2];
    if (count < least) tally.lost += 1;
    if (count > most) tally.duplicated += 1;
    if ((count < least || count > most) && tally.examples.length < 5) {
      tally.examples.push(`${outcome.tenant.slug} ${outcome.requestId} (${outcome.isStream ? 'stream' : 'plain'}, ${outcome.kind}): ${count} events`);
    }
  }
  return tally;
}

/** Every tenant's chain verified end to end against its signed checkpoints; the slugs whose chain did not. */
export async function findUnverifiedChains(tenants: readonly ChaosTenant[]): Promise<string[]> {
  const failed: string[] = [];
  for (const tenant of tenants) {
    const status = await verifyTenantChain(tenant.id, { checkedBy: 'chaos run' });
    if (!status.ok) failed.push(`${tenant.slug}: ${JSON.stringify(status.problem ?? null)}`);
  }
  return failed;
}
