import 'server-only';
import { randomUUID } from 'node:crypto';
import { LOCAL_SIMULATOR_BASE_URL } from '@/lib/control/endpoints/endpoint-constants';
import { hasPrivateLiteralHost, isAllowListedHost, PrivateAddressError, type EgressRule } from '@/lib/http/public-address';
import { logEvent } from '@/lib/log/logger';
import { GatewayError } from './gateway-error';

/**
 * The rule for one endpoint. Only a tenant's own (dedicated) endpoint is held to public addresses:
 * the built-in simulator is the one this stack started, and shared-pool endpoints are named by
 * platform admins (a model server on the platform's private network is their call). A dedicated
 * endpoint reaches a private host only when the platform lists it in BULKHEAD_UPSTREAM_PRIVATE_HOSTS
 * (host or host:port).
 */
export function decideEgress(baseUrl: string, scope: 'shared' | 'dedicated'): EgressRule {
  if (baseUrl === LOCAL_SIMULATOR_BASE_URL || scope === 'shared') return 'any';
  return URL.canParse(baseUrl) && isAllowListedHost(new URL(baseUrl)) ? 'any' : 'public_only';
}

/**
 * Refuses, before any connection, a URL whose host is an address literal outside the public range
 * (node:http does not call `lookup` for literals, so they are checked here).
 * @throws GatewayError 502 with a reference; the address is in the server log only
 */
export function assertUpstreamHostAllowed(url: URL, rule: EgressRule, endpointId: string): void {
  if (rule === 'public_only' && hasPrivateLiteralHost(url)) throw refusedUpstream(endpointId, new PrivateAddressError(url.hostname, url.hostname));
}

/** The generic error a tenant sees when its endpoint's address is refused; the detail goes to the log under the reference. */
export function refusedUpstream(endpointId: string, cause: Error): GatewayError {
  const reference = randomUUID();
  logEvent('warn', 'upstream address refused', { reference, endpointId, error: cause });
  return new GatewayError(502, `The model endpoint cannot be reached from this gateway. Reference: ${reference}`, 'upstream_refused');
}
