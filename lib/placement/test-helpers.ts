import { randomUUID } from 'node:crypto';
import type { Placement } from './get-placement';
import { sealField } from './sealed-fields';
import { withTenantData } from './with-tenant-data';

/** Seeds `count` prompt configs with one version each and one conversation with `count` messages. */
export async function seedPromptLayer(placement: Placement, count: number, label = 'p') {
  const tenantId = placement.tenantId;
  const configs = Array.from({ length: count }, (_, index) => ({ id: randomUUID(), tenantId, name: `${label}-${index}` }));
  const versions = await Promise.all(
    configs.map(async (config, index) => {
      const id = randomUUID();
      return {
        id,
        tenantId,
        configId: config.id,
        version: 1,
        body: await sealField(placement, { table: 'prompt_versions', column: 'body', rowId: id }, `${label} system prompt ${index} of ${tenantId}`),
        canary: await sealField(placement, { table: 'prompt_versions', column: 'canary', rowId: id }, `canary-${label}-${index}`),
      };
    }),
  );
  const conversationId = randomUUID();
  const messages = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const id = randomUUID();
      const content = await sealField(placement, { table: 'messages', column: 'content', rowId: id }, `${label} message ${index}`);
      return { id, tenantId, conversationId, role: index % 2 ? 'assistant' : 'user', content };
    }),
  );
  await withTenantData(
    tenantId,
    'prompt',
    async (tx) => {
      await tx.promptConfig.createMany({ data: configs });
      await tx.promptVersion.createMany({ data: versions });
      await tx.conversation.create({ data: { id: conversationId, tenantId, title: `${label} conversation` } });
      await tx.message.createMany({ data: messages });
    },
    { sealedFor: placement, timeoutMs: 60_000 },
  );
  return { configIds: configs.map((config) => config.id), versionIds: versions.map((version) => version.id) };
}

/** Seeds one document with `count` chunks, each with its full-text vector. */
export async function seedRetrievalLayer(placement: Placement, count: number, label = 'd') {
  const tenantId = placement.tenantId;
  const documentId = randomUUID();
  const chunks = await Promise.all(
    Array.from({ length: count }, async (_, ordinal) => {
      const id = randomUUID();
      const text = `${label} chunk ${ordinal} about harbour logistics`;
      return { id, text, content: await sealField(placement, { table: 'chunks', column: 'content', rowId: id }, text) };
    }),
  );
  await withTenantData(
    tenantId,
    'retrieval',
    async (tx) => {
      await tx.document.create({ data: { id: documentId, tenantId, title: `${label} handbook`, contentHash: randomUUID() } });
      for (const [ordinal, chunk] of chunks.entries()) {
        await tx.$executeRaw`INSERT INTO chunks (id, tenant_id, document_id, ordinal, content, search_vector)
          VALUES (${chunk.id}::uuid, ${tenantId}::uuid, ${documentId}::uuid, ${ordinal}, ${chunk.content}, to_tsvector('english', ${chunk.text}))`;
      }
    },
    { sealedFor: placement, timeoutMs: 60_000 },
  );
  return { documentId };
}
