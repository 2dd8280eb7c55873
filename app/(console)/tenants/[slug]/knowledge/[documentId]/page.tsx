import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ChunkList } from '@/components/knowledge/chunk-list';
import { DeleteDocumentButton } from '@/components/knowledge/delete-document-button';
import { UntrustedBadge } from '@/components/knowledge/untrusted-badge';
import { Card } from '@/components/ui/card';
import { recordPlatformContentRead } from '@/lib/audit/viewer/record-platform-content-read';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { NotFoundError } from '@/lib/errors';
import { getDocument, type DocumentDetail } from '@/lib/retrieval/get-document';
import { formatBytes } from '@/lib/retrieval/ingest/limits';
import { documentIdSchema } from '@/lib/retrieval/knowledge-schemas';
import { deleteDocumentAction } from '../actions';

export const metadata: Metadata = { title: 'Document' };

export const dynamic = 'force-dynamic';

/** One document's chunks as retrieval sees them, with the injection flags. */
export default async function DocumentPage({ params }: { params: Promise<{ slug: string; documentId: string }> }) {
  const { slug, documentId } = await params;
  const access = await requireTenantPageAccess(slug, 'knowledge.manage');
  const { tenant } = access;
  if (!documentIdSchema.safeParse({ documentId }).success) notFound();
  await recordPlatformContentRead(access, 'knowledge.manage', { kind: 'document', id: documentId });
  const document = await getDocument(tenant.id, documentId).catch((error: unknown): DocumentDetail => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const base = `/tenants/${tenant.slug}/knowledge`;
  return (
    <div className="space-y-4">
      <Link href={base} className="text-sm text-indigo-700 hover:underline">
        ← Knowledge base
      </Link>
      <Card
        title={document.title}
        actions={
          <DeleteDocumentButton tenantSlug={tenant.slug} documentId={document.id} title={document.title} remove={deleteDocumentAction} redirectTo={base} />
        }
      >
        <p className="text-sm text-slate-600" data-testid="document-meta">
          {document.source} · {document.format} · {formatBytes(document.byteSize)} · {document.chunkCount} chunks · {document.flaggedChunks} flagged
        </p>
        {document.isUntrusted && (
          <div className="mt-2">
            <UntrustedBadge reasons={[...document.hiddenContentReasons]} label="Untrusted: contains instruction-like text" />
          </div>
        )}
        {document.hiddenContentReasons.length > 0 && (
          <p className="mt-2 text-sm text-amber-900">
            Hidden content (comments or invisible elements) carried instructions, so every chunk is treated as untrusted.
          </p>
        )}
        {document.warnings.map((warning) => (
          <p key={warning} className="mt-2 text-sm text-slate-700">
            {warning}
          </p>
        ))}
      </Card>
      <ChunkList chunks={document.chunks} />
    </div>
  );
}
