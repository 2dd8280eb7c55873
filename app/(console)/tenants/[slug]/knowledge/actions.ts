'use server';

import { revalidatePath } from 'next/cache';
import { tenantAction } from '@/lib/actions/tenant-action';
import { deleteDocument } from '@/lib/retrieval/delete-document';
import { documentIdSchema, searchKnowledgeSchema } from '@/lib/retrieval/knowledge-schemas';
import { searchChunks } from '@/lib/retrieval/search-chunks';

const manage = { permission: 'knowledge.manage' } as const;

/** The query tester: what retrieval returns for this tenant and why (scores), recorded like any retrieval. */
export const searchKnowledgeAction = tenantAction(
  { name: 'knowledge.search', ...manage, schema: searchKnowledgeSchema },
  async ({ principal, tenant, input, requestId }) => {
    const result = await searchChunks(
      tenant.id,
      { text: input.query, limit: 10 },
      { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId },
    );
    return { ...result, requestId };
  },
);

export const deleteDocumentAction = tenantAction(
  { name: 'document.delete', ...manage, schema: documentIdSchema },
  async ({ principal, tenant, input, requestId }) => {
    const deleted = await deleteDocument(tenant.id, input.documentId, { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath(`/tenants/${tenant.slug}/knowledge`);
    return { documentId: input.documentId, ...deleted };
  },
);
