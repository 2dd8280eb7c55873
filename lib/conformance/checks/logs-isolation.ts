import 'server-only';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { verifyChain } from '@/lib/audit/verify-chain';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

/**
 * Reads the probe tenant's audit view (the store the console viewer and the audit API both page
 * through) for this run's events of the target. Positive control: the target's own view lists them.
 */
export const logsViewCheck: ConformanceCheck = {
  id: 'logs.foreign_view',
  layer: 'logs',
  attacked: "As another tenant, list this tenant's audit events (the store behind the audit viewer and API) by this run's request id",
  expected: "none of this tenant's events",
  async run(context: ProbeContext): Promise<CheckOutcome> {
    await context.recordProbe(this.id, [context.target.id], { planted: 'audit event' });
    const asOther = await getAuditChainStore(context.other.id).findEvents({ requestId: context.runId, limit: 200 });
    const leaked = asOther.events.filter((event) => event.tenantId === context.target.id);
    const asTarget = await getAuditChainStore(context.target.id).findEvents({ requestId: context.runId, limit: 200 });
    await context.recordProbe(this.id, [context.other.id], { read: 'audit view', leaked: leaked.length });
    return {
      observed: leaked.length === 0 ? "0 of this tenant's events" : `${leaked.length} of this tenant's events listed`,
      isRefused: leaked.length === 0,
      control: {
        observed: `the tenant's own view lists ${asTarget.events.length} event(s) of this run`,
        isDetected: asTarget.events.some((event) => event.tenantId === context.target.id),
      },
    };
  },
};

/**
 * Verifies the target's whole chain wherever it is placed, against its signed checkpoints. Positive
 * control: the verifier rejects a copy of the newest events with one byte of one payload changed.
 */
export const logsChainCheck: ConformanceCheck = {
  id: 'logs.chain_verify',
  layer: 'logs',
  attacked: "Verify this tenant's audit chain end to end (hashes, links, signed checkpoints), as a tamperer would have to defeat it",
  expected: 'the chain verifies',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const status = await verifyTenantChain(context.target.id, { checkedBy: 'conformance' });
    const { events } = await getAuditChainStore(context.target.id).findEvents({ limit: 20 });
    const copy = events.reverse().map((event) => ({ ...event }));
    let controlObserved = 'no events to tamper with';
    let isDetected = false;
    if (copy.length > 0) {
      const last = copy[copy.length - 1];
      copy[copy.length - 1] = { ...last, target: `${last.target ?? ''}x` };
      const tampered = await verifyChain(copy, { tenantId: context.target.id, startsMidChain: true });
      isDetected = !tampered.ok;
      controlObserved = tampered.ok ? 'a copy with one changed byte still verified' : `a copy with one changed byte fails (${tampered.firstProblem?.kind})`;
    }
    await context.recordProbe(this.id, [context.target.id], { verified: status.ok, events: status.eventCount });
    return {
      observed: status.ok
        ? `${status.eventCount} events verified through seq ${status.verifiedThroughSeq}`
        : `chain broken at seq ${status.problem?.seq}: ${status.problem?.kind}`,
      isRefused: status.ok,
      control: { observed: controlObserved, isDetected },
    };
  },
};
