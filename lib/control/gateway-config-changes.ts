import 'server-only';
/** A console change that makes what the gateway keeps in memory stale. */
export type GatewayConfigChange = { kind: 'tenant'; tenantId: string } | { kind: 'endpoints'; tenantId?: string };

type Listener = (change: GatewayConfigChange) => void;

// On globalThis, keyed by cache: one listener per cache and process, whichever bundled copy of a
// module registered it (the caches themselves live on globalThis too).
const shared = globalThis as typeof globalThis & { bulkheadGatewayConfigListeners?: Map<string, Listener> };
const listeners = (shared.bulkheadGatewayConfigListeners ??= new Map());

/**
 * Subscribes one of the gateway's caches (lib/enforcement). The control plane announces instead of
 * reaching up into the gateway, so the dependency points one way.
 */
export function onGatewayConfigChange(cacheName: string, listener: Listener): void {
  listeners.set(cacheName, listener);
}

/** Drops this process's stale copies at once; other processes refresh within their caches' time to live. */
export function announceGatewayConfigChange(change: GatewayConfigChange): void {
  for (const listener of listeners.values()) listener(change);
}
