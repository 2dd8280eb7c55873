/**
 * Next.js calls register() once when the server starts, before it serves anything: the place for
 * process-wide wiring that every route depends on.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // A bad setting stops the server here, naming the variable, instead of failing a request later.
  const { assertValidEnvironment } = await import('@/lib/env');
  assertValidEnvironment();
  // No KMS configured means nothing encrypted can be served: say so now, not on the first request.
  const { assertKmsConfigured } = await import('@/lib/kms');
  assertKmsConfigured();

  // Named in its database sessions, and listening for placement switches (and other changes) from
  // the start, so no request is served from a cache that another process has already made stale.
  const { setProcessName } = await import('@/lib/db/process-identity');
  setProcessName('console');
  const { startChangeNotices } = await import('@/lib/db/change-notices');
  startChangeNotices();
  // The console's /api/v1 routes and the playground cache keys, tenants, canaries and prompts too.
  const { listenForGatewayCacheNotices } = await import('@/lib/enforcement/gateway-cache-notices');
  listenForGatewayCacheNotices();

  // Key creation, rotation, disabling, deletion and KMS failures go to the audit chains, whichever
  // code path caused them (console, gateway, jobs).
  const { registerKeyEventAuditing } = await import('@/lib/audit/audit-key-events');
  registerKeyEventAuditing();

  // Placement records its steps in the audit chains and moves a tenant's log through lib/audit.
  const { installPlacementAuditLog } = await import('@/lib/audit/store/install-placement-audit-log');
  installPlacementAuditLog();
  // The knowledge base embeds through the tenant's own route when configured to (tier-bound endpoints).
  const { installKnowledgeEmbeddingRoute } = await import('@/lib/enforcement/embeddings/tenant-embedding-route');
  installKnowledgeEmbeddingRoute();

  // Columns of tenant ciphertext that key rotation re-wraps and deletion receipts count.
  const { registerPlacementEncryptedColumns } = await import('@/lib/placement/encrypted-columns');
  registerPlacementEncryptedColumns();

  // Admin-change events of a placed log held in the outbox are relayed after their commit or on the
  // next read of the chain; this sweep relays the rest (a chain nobody reads). Here, not in the
  // placement worker: the console server runs wherever Bulkhead runs (npm run demo, production),
  // while the worker is only needed where tiers change (a deployment may not run it at all). Several
  // console processes may sweep at once: each held event is still relayed once.
  // The overview charts' usage buckets are kept only as long as a range reads them.
  const { startUsagePruning } = await import('@/lib/control/usage/prune-usage');
  const pruning = globalThis as unknown as { bulkheadUsagePruning?: unknown };
  pruning.bulkheadUsagePruning ??= startUsagePruning();

  const { startAuditOutboxSweeper } = await import('@/lib/audit/store/sweep-audit-outbox');
  const shared = globalThis as unknown as { bulkheadOutboxSweeper?: unknown };
  shared.bulkheadOutboxSweeper ??= startAuditOutboxSweeper();

  // The isolation conformance suite for every tenant on BULKHEAD_CONFORMANCE_INTERVAL_MS (default
  // daily); an invalid setting stops the server here rather than silently never running. A failed
  // run opens an incident.
  const { startConformanceSchedule } = await import('@/lib/conformance/schedule');
  const scheduled = globalThis as unknown as { bulkheadConformanceSchedule?: unknown };
  scheduled.bulkheadConformanceSchedule ??= startConformanceSchedule();
}
