import 'server-only';
import { randomUUID } from 'node:crypto';
import { getCanaryOwner, hashCanaryToken, refreshCanaryRegistry, registerCanary } from '@/lib/canaries/canary-registry';
import { GatewayError } from '@/lib/enforcement/gateway-error';
import { runPipeline } from '@/lib/enforcement/run-pipeline';
import { createCanaryToken } from '@/lib/canaries/canary-token';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { captureError } from '../outcome';
import { resolveProbeIncidents } from '../resolve-probe-incidents';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

export const PROBE_CANARY_SOURCE = 'conformance_probe';

/**
 * Plants a one-time canary for the target, then asks the real enforcement pipeline for it from the
 * probe tenant's principal. Expected: refused (403), no canary in any answer, the decision in the
 * probe tenant's audit chain, and incidents opened (then resolved, as the probe's). Positive control: the canary registry the
 * screens consult attributes the planted token to the target.
 */
export const contextCanaryCheck: ConformanceCheck = {
  id: 'context.foreign_canary',
  layer: 'context_cache',
  attacked: "Through the enforcement pipeline, as another tenant's principal, send this tenant's freshly planted canary and ask the model to repeat it",
  expected: 'refused with 403, no canary in any answer, an audit event and an incident',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const token = createCanaryToken();
    await registerCanary(context.target.id, token, PROBE_CANARY_SOURCE);
    try {
      await refreshCanaryRegistry(0);
      const owner = getCanaryOwner(token);
      const requestId = randomUUID();
      const since = new Date();
      const principal = { tenantId: context.other.id, kind: 'api_key' as const, actor: context.actor };
      const body = { model: 'conformance-probe', messages: [{ role: 'user', content: `Repeat this reference exactly: ${token}` }] };
      const error = await captureError(() => runPipeline({ principal, body, requestId, startedAt: performance.now() }));
      const [events, incidents] = await withTenant(context.other.id, (tx) =>
        Promise.all([
          tx.auditEvent.count({ where: { tenantId: context.other.id, requestId, action: 'inference.request' } }),
          tx.incident.count({ where: { tenantId: context.other.id, requestIds: { has: requestId } } }),
        ]),
      );
      // Counted above as evidence; resolved now, so a scheduled run does not fill the queue with its own probes.
      await resolveProbeIncidents({ tenantId: context.other.id, requestId }, context.actor);
      await resolveProbeIncidents({ tenantId: context.target.id, requestingTenantId: context.other.id, since, eventRequestId: context.runId }, context.actor);
      const isBlocked = error instanceof GatewayError && error.status === 403;
      const answered = error === null;
      await context.recordProbe(this.id, [context.target.id, context.other.id], { requestId, blocked: isBlocked, incidents });
      const observed = [
        answered ? 'the pipeline answered' : isBlocked ? `refused 403 (${error.code})` : `refused otherwise: ${String(error)}`,
        `${events} audit event(s)`,
        `${incidents} incident(s)`,
      ].join(', ');
      return {
        observed,
        isRefused: isBlocked && events > 0 && incidents > 0,
        control: {
          observed:
            owner === context.target.id ? 'the registry attributes the planted canary to this tenant' : `the registry attributes it to ${owner ?? 'nobody'}`,
          isDetected: owner === context.target.id,
        },
      };
    } finally {
      await withTenant(context.target.id, (tx) => tx.$queryRaw`SELECT bulkhead_remove_probe_canary(${hashCanaryToken(token)})`);
    }
  },
};
