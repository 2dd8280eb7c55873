import 'server-only';
import { publishChangeNotice } from '@/lib/db/change-notices';
import { logEvent } from '@/lib/log/logger';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { forgetActivePrompt } from './active-prompt-cache';

/**
 * After a tenant's live prompt version changed (and committed, wherever its placement is): this
 * process forgets its cached copy at once, and every other process when the `active_prompt` notice
 * reaches it (sent on the control-plane database, where every process listens; a dedicated prompt
 * database has no listeners). If the notice cannot be sent, the others fall back to the cache period.
 */
export async function announceActivePromptChange(tenantId: string): Promise<void> {
  forgetActivePrompt(tenantId);
  try {
    await withTenant(tenantId, (tx) => publishChangeNotice(tx, { topic: 'active_prompt', tenantId }));
  } catch (error) {
    logEvent('warn', 'could not announce a prompt activation; other processes see it within the cache period', { tenantId, error: (error as Error).message });
  }
}
