import 'server-only';
import { randomUUID } from 'node:crypto';
import { withTenantData } from '@/lib/placement/with-tenant-data';

/** Rows planted in the target's prompt and retrieval placements, so every read attack has something to find. */
export interface PlantedMarkers {
  conversationId: string;
  documentId: string;
}

/**
 * Plants one conversation and one (chunkless) document for the tenant, in its own context on its
 * own placements: the positive controls read them back, the attacks must not see them.
 */
export async function plantMarkers(tenantId: string, runId: string): Promise<PlantedMarkers> {
  const markers = { conversationId: randomUUID(), documentId: randomUUID() };
  await withTenantData(tenantId, 'prompt', (tx) =>
    tx.conversation.create({ data: { id: markers.conversationId, tenantId, title: `conformance probe ${runId}` } }),
  );
  try {
    await withTenantData(tenantId, 'retrieval', (tx) =>
      tx.document.create({ data: { id: markers.documentId, tenantId, title: `conformance probe ${runId}`, contentHash: `conformance-probe-${runId}` } }),
    );
  } catch (error) {
    await removeMarkers(tenantId, { ...markers, documentId: '' });
    throw error;
  }
  return markers;
}

/** Removes what plantMarkers planted (whatever of it exists). */
export async function removeMarkers(tenantId: string, markers: PlantedMarkers): Promise<void> {
  await withTenantData(tenantId, 'prompt', (tx) => tx.conversation.deleteMany({ where: { id: markers.conversationId } }));
  if (markers.documentId) await withTenantData(tenantId, 'retrieval', (tx) => tx.document.deleteMany({ where: { id: markers.documentId } }));
}
