import type { DocumentChunkView } from '@/lib/retrieval/get-document';
import { UntrustedBadge } from './untrusted-badge';

/** A document's chunks in order, as stored for retrieval, each with its heading path and flag. */
export function ChunkList({ chunks }: { chunks: DocumentChunkView[] }) {
  return (
    <ol className="space-y-3" data-testid="chunk-list">
      {chunks.map((chunk) => (
        <li
          key={chunk.id}
          className={`rounded-md border p-3 text-sm ${chunk.isUntrusted ? 'border-amber-300 bg-amber-50/40' : 'border-slate-200'}`}
          data-testid="chunk"
        >
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <span className="font-semibold text-slate-800">Chunk {chunk.ordinal + 1}</span>
            {chunk.headingPath.length > 0 && <span>{chunk.headingPath.join(' › ')}</span>}
            {chunk.hasEmbedding && <span>embedded</span>}
            {chunk.isUntrusted && <UntrustedBadge reasons={chunk.injectionReasons} />}
          </div>
          <p className="mt-1 whitespace-pre-wrap text-slate-800">{chunk.text}</p>
          {chunk.injectionReasons.length > 0 && (
            <ul className="mt-2 list-disc pl-5 text-xs text-amber-900">
              {chunk.injectionReasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
