import 'server-only';
import { onChangeNotice, onChangeNoticesMissed, startChangeNotices, type ChangeNotice } from '@/lib/db/change-notices';
import { forgetActivePrompt, forgetAllActivePrompts } from '@/lib/prompts/active-prompt-cache';
import { forgetAllApiKeys, invalidateApiKey, invalidateTenantApiKeys } from '@/lib/auth/api-keys/api-key-cache';
import { expireCanaryRegistry } from '@/lib/canaries/canary-registry';
import { forgetAllGatewayTenants, invalidateGatewayTenant } from './tenant-config';

const state = globalThis as unknown as { bulkheadGatewayCacheNotices?: boolean };

/**
 * Makes this process drop what the inference path caches the moment any process commits a change to
 * it (PostgreSQL LISTEN/NOTIFY, lib/db/change-notices.ts): a revoked key (`api_key`, from a trigger),
 * a tenant's status, tiers or gateway settings (`tenant`, triggers; its keys too, so an offboarded
 * tenant's keys stop), a new canary (`canary`, trigger) and an activated prompt version
 * (`active_prompt`, announced after the activation commits). While listening, keys, tenants and prompts are
 * kept until their notice (at most NOTICE_BACKED_CACHE_MS); while the listening connection is down,
 * every cache is dropped and falls back to its own expiry (keys 5 s, tenants 10 s, canaries 5 s,
 * prompts 2 s) until listening resumes. Idempotent; called where requests are served (the gateway
 * service, the console).
 */
export function listenForGatewayCacheNotices(): void {
  if (state.bulkheadGatewayCacheNotices) return;
  state.bulkheadGatewayCacheNotices = true;
  onChangeNotice('api_key', (notice) => {
    if (typeof notice.keyId === 'string') invalidateApiKey(notice.keyId);
  });
  onChangeNotice('tenant', (notice) =>
    forTenant(notice, (tenantId) => {
      invalidateGatewayTenant(tenantId);
      invalidateTenantApiKeys(tenantId);
    }),
  );
  onChangeNotice('canary', () => expireCanaryRegistry());
  onChangeNotice('active_prompt', (notice) => forTenant(notice, forgetActivePrompt));
  onChangeNoticesMissed(() => {
    forgetAllApiKeys();
    forgetAllGatewayTenants();
    expireCanaryRegistry();
    forgetAllActivePrompts();
  });
  startChangeNotices();
}

function forTenant(notice: ChangeNotice, forget: (tenantId: string) => void) {
  if (typeof notice.tenantId === 'string') forget(notice.tenantId);
}
