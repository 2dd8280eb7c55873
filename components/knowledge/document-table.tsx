import Link from 'next/link';
import type { ComponentProps } from 'react';
import type { DocumentSummary } from '@/lib/retrieval/find-documents';
import { formatBytes } from '@/lib/retrieval/ingest/limits';
import { DeleteDocumentButton } from './delete-document-button';
import { UntrustedBadge } from './untrusted-badge';
import { Table } from '@/components/ui/table';

/** The tenant's documents: title (links to its chunks), format, size, chunks, flag, delete. */
export function DocumentTable({
  tenantSlug,
  documents,
  remove,
}: {
  tenantSlug: string;
  documents: DocumentSummary[];
  remove: ComponentProps<typeof DeleteDocumentButton>['remove'];
}) {
  if (documents.length === 0)
    return (
      <p className="text-sm text-slate-600" data-testid="no-documents">
        No documents yet.
      </p>
    );
  return (
    <Table
      columns={[{ label: 'Title', className: 'py-2' }, 'Format', 'Size', 'Chunks', 'Added', '']}
      headClassName="text-xs uppercase text-slate-500"
      testId="document-table"
    >
      {documents.map((document) => (
        <tr key={document.id} className="border-t border-slate-100" data-testid="document-row">
          <td className="py-2">
            <Link href={`/tenants/${tenantSlug}/knowledge/${document.id}`} className="text-indigo-700 hover:underline">
              {document.title}
            </Link>
            <span className="block text-xs text-slate-500">{document.source}</span>
            {document.isUntrusted && <UntrustedBadge label={`Untrusted: ${document.flaggedChunks} chunk${document.flaggedChunks === 1 ? '' : 's'} flagged`} />}
          </td>
          <td>{document.format}</td>
          <td>{formatBytes(document.byteSize)}</td>
          <td>{document.chunkCount}</td>
          <td className="text-xs text-slate-600">{document.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
          <td className="text-right">
            <DeleteDocumentButton tenantSlug={tenantSlug} documentId={document.id} title={document.title} remove={remove} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
