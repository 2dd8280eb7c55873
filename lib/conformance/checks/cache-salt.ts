import 'server-only';
import { callUpstream } from '@/lib/enforcement/call-upstream';
import { acceptsCacheSalt, computeCacheSalt, findTenantEndpoints } from '@/lib/enforcement/route-endpoint';
import { getGatewayTenant } from '@/lib/enforcement/tenant-config';
import { validateChatRequest } from '@/lib/enforcement/validate-request';
import { buildUpstreamBody } from '@/lib/enforcement/call-upstream';
import { captureRefusal } from '../outcome';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

// Long enough that a vLLM-style prefix cache stores whole blocks of it; unique per run so an earlier
// run's cached blocks cannot make the first request a hit.
const buildSharedPrefix = (runId: string) => Array.from({ length: 60 }, (_, index) => `Conformance clause ${index} of run ${runId}.`).join(' ');

/**
 * The paired prefix-cache probe on the tenant's routed endpoint: the same long prefix sent with this
 * tenant's salt twice (the second must hit), then with the other tenant's salt (must miss), and a
 * client-supplied cache_salt must be refused. Positive control: without salts the same prefix does
 * hit, so a miss means the salt kept the caches apart.
 */
export const cacheSaltCheck: ConformanceCheck = {
  id: 'context.prefix_cache',
  layer: 'context_cache',
  attacked: "Send this tenant's long prompt prefix to its model endpoint under another tenant's cache salt, and a client-chosen cache_salt",
  expected: "another tenant's salt misses the cache; a client cache_salt is refused",
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const problems: string[] = [];
    const saltRefusal = await captureRefusal(async () => computeCacheSalt(context.target.id));
    if (saltRefusal !== null) return { observed: `no cache salt: ${saltRefusal}`, isRefused: false, control: null };
    const ownSalt = computeCacheSalt(context.target.id);
    const otherSalt = computeCacheSalt(context.other.id);
    if (ownSalt === otherSalt) problems.push('both tenants get the same salt');

    const [endpoint] = await findTenantEndpoints(await getGatewayTenant(context.target.id));
    const model = endpoint.models[0] ?? 'sim-small';
    const body = { model, messages: [{ role: 'user', content: buildSharedPrefix(context.runId) }] };
    // A client-chosen salt would let a caller share (or probe) another tenant's cache: it is refused outright.
    const clientSaltRefusal = await captureRefusal(async () => validateChatRequest({ ...body, cache_salt: 'client-chosen' }));
    if (clientSaltRefusal === null) problems.push('a client cache_salt was accepted');
    const request = validateChatRequest(body);
    const salted = buildUpstreamBody(request, request.messages, endpoint, ownSalt);
    if (!acceptsCacheSalt(endpoint)) {
      await context.recordProbe(this.id, [context.target.id], { endpoint: endpoint.name, salted: false });
      return {
        observed:
          problems.join('; ') ||
          `endpoint "${endpoint.name}" (${endpoint.kind}) takes no salt: its provider keeps caches per account; salts differ per tenant and client salts are refused`,
        isRefused: problems.length === 0,
        control: null,
      };
    }
    const cached = async (body: Record<string, unknown>) => (await callUpstream(endpoint, body)).usage?.cachedTokens ?? 0;
    await cached(salted);
    const ownHit = await cached(salted);
    const otherHit = await cached(buildUpstreamBody(request, request.messages, endpoint, otherSalt));
    if (ownHit === 0) problems.push('the same tenant did not hit its own cache (salt not stable)');
    if (otherHit > 0) problems.push(`another tenant's salt hit ${otherHit} cached tokens`);
    const unsalted = buildUpstreamBody(request, [{ role: 'user', content: `${buildSharedPrefix(context.runId)} unsalted` }], endpoint, null);
    await cached(unsalted);
    const controlHit = await cached(unsalted);
    await context.recordProbe(this.id, [context.target.id, context.other.id], { endpoint: endpoint.name, ownHit, otherHit });
    return {
      observed: problems.join('; ') || `same tenant hit ${ownHit} cached tokens; other tenant's salt 0; client salt refused`,
      isRefused: problems.length === 0,
      control: { observed: `without a salt the repeated prefix hit ${controlHit} cached tokens`, isDetected: controlHit > 0 },
    };
  },
};
