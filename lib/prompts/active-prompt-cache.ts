import 'server-only';
import { noticeBackedPeriodMs } from '@/lib/db/change-notices';
import { onKeyEvent, type KeyEventType } from '@/lib/kms';
import type { ActivePrompt } from './active-prompt';
import { env } from '@/lib/env';

interface CachedPrompt {
  prompt: Promise<ActivePrompt | null>;
  expiresAt: number;
}

const state = globalThis as unknown as { bulkheadActivePromptCache?: Map<string, CachedPrompt> };

// A tenant whose key stops working must stop being served its (decrypted) prompt at once.
const keyEventsThatForget: KeyEventType[] = ['key_disabled', 'key_deletion_scheduled', 'tenant_key_shredded'];
// Every activation and rollback announces itself on this topic (announce-active-prompt.ts).
const NOTICE_TOPICS = ['active_prompt'] as const;
// Past this many tenants, start again rather than grow without bound (a reload costs one read).
const MAX_ENTRIES = 100_000;

function getCache(): Map<string, CachedPrompt> {
  if (!state.bulkheadActivePromptCache) {
    state.bulkheadActivePromptCache = new Map();
    // Registered once per process, with the cache (both live on globalThis for every bundle).
    onKeyEvent((event) => {
      if (event.tenantId && keyEventsThatForget.includes(event.type)) forgetActivePrompt(event.tenantId);
    });
  }
  return state.bulkheadActivePromptCache;
}

/**
 * How long a process may reuse a tenant's live prompt version: BULKHEAD_ACTIVE_PROMPT_CACHE_MS, or,
 * while this process listens for the `active_prompt` notice, until that notice (at most
 * NOTICE_BACKED_CACHE_MS). Spread traffic visits each of 1,000 tenants less often than every few
 * seconds, so a short period alone would reload the prompt on nearly every request.
 */
export function getActivePromptCacheMs(): number {
  return noticeBackedPeriodMs(env.activePromptCacheMs, NOTICE_TOPICS);
}

/**
 * The tenant's live prompt version for the gateway, loaded at most once per cache period per
 * process: the gateway reads it on every request, and loading costs a round trip to the prompt
 * placement plus two decryptions. Keyed by the tenant the caller already authenticated, so a
 * cached prompt can only be handed back to its own tenant. Concurrent callers share one load; a
 * failed load is not kept (the next request fails closed or succeeds on its own). Activation and
 * rollback forget it in this process at once and in the others at their notice; a disabled or
 * shredded key forgets it too.
 */
export function getCachedActivePrompt(tenantId: string, load: (tenantId: string) => Promise<ActivePrompt | null>): Promise<ActivePrompt | null> {
  const cache = getCache();
  const now = Date.now();
  const cached = cache.get(tenantId);
  if (cached && cached.expiresAt > now) return cached.prompt;
  const prompt = load(tenantId);
  const ttl = getActivePromptCacheMs();
  if (ttl > 0) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(tenantId, { prompt, expiresAt: now + ttl });
    prompt.catch(() => {
      if (cache.get(tenantId)?.prompt === prompt) cache.delete(tenantId);
    });
  }
  return prompt;
}

/** Drops this process's cached live prompt of the tenant (after its live version changed here). */
export function forgetActivePrompt(tenantId: string): void {
  getCache().delete(tenantId);
}

/** Drops every cached live prompt (change notices may have been missed). */
export function forgetAllActivePrompts(): void {
  getCache().clear();
}
