import 'server-only';
import type { ContextRetriever } from '@/lib/retrieval/retrieve-context';
import { searchChunks } from './search-chunks';

/**
 * The gateway's step 4 over the tenant's knowledge base: the top chunks for the last user message,
 * read under the authenticated tenant id only; the chunk ids read are recorded in the gateway's
 * decision event for the request. Flagged chunks say so in their source line; every chunk is fenced as
 * untrusted data by assemblePrompt anyway.
 */
export function createKnowledgeRetriever(options: { limit?: number } = {}): ContextRetriever {
  return {
    async retrieve({ tenantId, text, requestId }) {
      if (text.trim() === '') return [];
      const { matches } = await searchChunks(
        tenantId,
        { text, limit: options.limit ?? 4 },
        {
          actor: { type: 'system', id: 'gateway', label: 'context retrieval' },
          requestId,
          // The pipeline's decision event lists these chunk ids under the same request id, and no
          // answer leaves without that event: one append per request, not two.
          isReadRecordedByCaller: true,
        },
      );
      return matches.map((match) => ({
        id: match.chunkId,
        source: match.isUntrusted ? `${match.documentTitle} (flagged: instruction-like content)` : match.documentTitle,
        text: match.text,
      }));
    },
  };
}
