import 'server-only';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';

/**
 * A base URL meaning "the local simulator this stack started" (BULKHEAD_LOCAL_MODEL_URL), so an
 * endpoint row stays valid when the simulator's port changes between runs.
 */
export const LOCAL_SIMULATOR_BASE_URL = 'builtin:local-simulator';

/** The longest an endpoint may take to answer: a request holds a connection and a stream slot that long. */
export const MAX_UPSTREAM_TIMEOUT_MS = 120_000;

/** Shared-pool credentials are sealed under the platform key, bound to this pseudo-tenant id. */
export const SHARED_POOL_KEY_SCOPE = PLATFORM_CHAIN_ID;
