import 'server-only';
import { ensureTenantKey } from '@/lib/kms';
import { captureRefusal, notApplicable } from '../outcome';
import { sealProbeValues } from '../sealed-probes';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

/**
 * A value sealed under each of the tenant's keys, opened with another tenant's key (same binding)
 * and with another tenant's encryption context (same key). Positive control: the real path opens it.
 */
export const keysCrossOpenCheck: ConformanceCheck = {
  id: 'keys.cross_open',
  layer: 'keys',
  attacked: "Open a value sealed under this tenant's keys with another tenant's KMS key, and with another tenant's encryption context",
  expected: 'decryption refused in both cases',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const probes = await sealProbeValues(context.target.id, context.runId);
    if (probes.length === 0) return notApplicable('no layer of this tenant is encrypted and it has no key of its own (namespace data is plaintext under RLS)');
    const otherKey = await ensureTenantKey(context.other.id);
    const opened: string[] = [];
    const controls: string[] = [];
    for (const probe of probes) {
      const withOtherKey = await captureRefusal(() => probe.open({ tenantId: context.target.id, keyId: otherKey.keyId }));
      if (withOtherKey === null) opened.push(`${probe.label} opened with the other tenant's key`);
      const withOtherContext = await captureRefusal(() => probe.open({ tenantId: context.other.id }));
      if (withOtherContext === null) opened.push(`${probe.label} opened in the other tenant's context`);
      if ((await probe.open({ tenantId: context.target.id }).catch(() => null)) === probe.plaintext) controls.push(probe.label);
    }
    await context.recordProbe(this.id, [context.target.id, context.other.id], { sealedValues: probes.length, opened: opened.length });
    return {
      observed: opened.length === 0 ? `refused for ${probes.length * 2} attempts (${probes.map((probe) => probe.label).join(', ')})` : opened.join('; '),
      isRefused: opened.length === 0,
      control: { observed: `opened on the tenant's own path: ${controls.join(', ') || 'none'}`, isDetected: controls.length === probes.length },
    };
  },
};
