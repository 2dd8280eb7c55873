import { randomUUID } from 'node:crypto';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { activatePromptVersion } from '@/lib/prompts/activate-prompt-version';
import { FALLBACK_MODEL } from '@/lib/prompts/allowed-models';
import { createPromptConfig } from '@/lib/prompts/create-prompt-config';
import { findPromptConfigs } from '@/lib/prompts/find-prompt-configs';
import { findDocuments } from '@/lib/retrieval/find-documents';
import { DuplicateDocumentError, ingestDocument } from '@/lib/retrieval/ingest-document';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { demoContent } from './demo-content';

const SEED_ADMIN = 'admin@bulkhead.local';

/**
 * Idempotent demo content, written the way an admin's changes are (audited, sealed at the tenant's
 * tiers): each demo tenant's prompt configuration, created and activated once (its canary is planted
 * on creation), and its knowledge-base documents, each ingested once. Run after the placements have
 * converged, since both live in the tenant's data plane.
 */
export async function seedDemoContent(): Promise<void> {
  const { admin, tenants } = await withPlatformSystemAccess('seed demo content', async (tx) => ({
    admin: await tx.user.findUniqueOrThrow({ where: { email: SEED_ADMIN }, select: { id: true, email: true } }),
    tenants: await tx.tenant.findMany({ where: { slug: { in: Object.keys(demoContent) } }, select: { id: true, slug: true, name: true } }),
  }));
  for (const tenant of tenants) {
    const content = demoContent[tenant.slug];
    const actor = { userId: admin.id, label: admin.email, requestId: randomUUID() };
    const configs = await findPromptConfigs(tenant.id);
    if (!configs.some((config) => config.name === content.prompt.name)) {
      const { configId, versionId } = await createPromptConfig(tenant.id, { ...content.prompt, model: FALLBACK_MODEL }, actor);
      await activatePromptVersion(tenant.id, { configId, versionId }, actor);
    }
    const existing = new Set((await findDocuments(tenant.id, { limit: 100 })).map((document) => document.title));
    for (const document of content.documents) {
      const title = document.text.match(/^# (.+)$/m)?.[1] ?? document.filename;
      if (existing.has(title) || existing.has(document.filename)) continue;
      try {
        await ingestDocument({
          tenant,
          actor: { type: 'user', id: admin.id, label: admin.email },
          requestId: randomUUID(),
          file: { filename: document.filename, contentType: 'text/markdown', bytes: Buffer.from(document.text, 'utf8') },
        });
      } catch (error) {
        if (!(error instanceof DuplicateDocumentError)) throw error;
      }
    }
  }
}

/**
 * A short history of gateway traffic for each demo tenant, sent over HTTP to the running gateway
 * service's OpenAI-compatible API (`apiBaseUrl` ends in /v1) with the tenant's demo key: the real pipeline, so the audit log, incidents and
 * charts have something in them. Sent once: skipped for a tenant whose log already holds inference events.
 */
export async function sendDemoTraffic(apiBaseUrl: string, apiKeys: Record<string, string>): Promise<{ sent: number; blocked: number }> {
  const tenants = await withPlatformSystemAccess('demo traffic: tenants', (tx) =>
    tx.tenant.findMany({ where: { slug: { in: Object.keys(demoContent) } }, select: { id: true, slug: true } }),
  );
  let sent = 0;
  let blocked = 0;
  for (const tenant of tenants) {
    const key = apiKeys[tenant.slug];
    if (!key) continue;
    const earlier = await getAuditChainStore(tenant.id).findEvents({ action: 'inference.request', limit: 1 });
    if (earlier.events.length > 0) continue;
    const content = demoContent[tenant.slug];
    const [firstAttempt, ...laterAttempts] = content.extractionAttempts;
    for (const question of [...content.questions.slice(0, 2), firstAttempt, ...content.questions.slice(2), ...laterAttempts]) {
      const response = await fetch(`${apiBaseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: FALLBACK_MODEL, messages: [{ role: 'user', content: question }] }),
      });
      await response.arrayBuffer();
      sent += 1;
      if (response.status === 403) blocked += 1;
    }
  }
  return { sent, blocked };
}
