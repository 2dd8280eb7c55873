import 'server-only';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { env } from '@/lib/env';

/**
 * Whether an address is on the public internet. Everything else is refused for endpoints a tenant
 * names (server-side request forgery): loopback, private and carrier-grade NAT ranges, link-local
 * (cloud metadata at 169.254.169.254 and fd00:ec2::254), unspecified, multicast, reserved and the
 * IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo). IPv4-mapped IPv6 is judged
 * as the IPv4 address it carries. Decimal, octal and hex spellings (`2130706433`, `0177.0.0.1`)
 * reach here already normalised by the URL parser.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'unicast';
}

/** Whether an address is this machine (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
export function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/** How an endpoint's host may be reached: only public addresses, or anything (allow-listed by the platform). */
export type EgressRule = 'public_only' | 'any';

const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * A `lookup` for node:http that resolves the host, refuses it unless every address is public, and
 * hands the socket exactly the address it checked. The connection is made to that address, so a
 * DNS answer that changes between the check and the connect (rebinding) cannot switch it.
 */
export const lookupPublicAddress: LookupFunction = (hostname, options, callback) => {
  let settled = false;
  // One address, checked and pinned: also when the socket asks for every address (autoSelectFamily).
  const finish = (error: NodeJS.ErrnoException | null, checked?: dns.LookupAddress) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (!checked) callback(error, options.all ? [] : '', 0);
    else if (options.all) callback(null, [checked]);
    else callback(null, checked.address, checked.family);
  };
  const timer = setTimeout(() => finish(Object.assign(new Error(`lookup of ${hostname} timed out`), { code: 'ETIMEOUT' })), LOOKUP_TIMEOUT_MS);
  dns.lookup(hostname, { all: true, family: options.family, hints: options.hints }, (error, addresses) => {
    if (error) return finish(error);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused || addresses.length === 0) return finish(new PrivateAddressError(hostname, refused?.address ?? 'no address'));
    finish(null, addresses[0]);
  });
};

// Idle keep-alive connections are closed after this, before a typical server's own 5 s idle
// timeout, so a request is never written onto a socket the server is closing. The agent's timeout
// only acts on idle sockets: each request turns it off while it is in flight.
const IDLE_SOCKET_MS = 4_000;

/**
 * Keep-alive agents per egress rule. The rules never share an agent: a pooled socket is reused by
 * host and port alone, so a connection opened for an allowed endpoint must not carry a request of
 * one held to public addresses.
 */
export function createUpstreamAgents() {
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
  const guarded = { ...options, lookup: lookupPublicAddress };
  return {
    any: { 'http:': new http.Agent(options), 'https:': new https.Agent(options) },
    public_only: { 'http:': new http.Agent(guarded), 'https:': new https.Agent(guarded) },
  } satisfies Record<EgressRule, Record<'http:' | 'https:', http.Agent>>;
}

/** True for the error a refused lookup ends a request with. */
export function isRefusedAddress(error: unknown): error is PrivateAddressError {
  return (error as { code?: unknown } | null)?.code === 'EPRIVATEADDRESS';
}

/** The host resolved (or is written as) an address a tenant's endpoint may not reach. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address}, which is not a public address`);
    this.name = 'PrivateAddressError';
  }
}

/** True when the URL's host is an address literal outside the public range. */
export function hasPrivateLiteralHost(url: URL): boolean {
  const bare = url.hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) && !isPublicAddress(bare);
}

/** Whether the platform allow-lists this URL's host (BULKHEAD_UPSTREAM_PRIVATE_HOSTS, as host or host:port). */
export function isAllowListedHost(url: URL): boolean {
  const allowed = env.upstreamPrivateHosts;
  return allowed.includes(url.host) || allowed.includes(url.hostname);
}
