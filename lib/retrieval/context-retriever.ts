import type { ContextRetriever } from '@/lib/enforcement/retrieve-context';
import { searchChunks } from './search-chunks';

/**
 * The gateway's step 4 over the tenant's knowledge base: the top chunks for the last user message,
 * read under the authenticated tenant id only, each read recorded (`retrieval.read`, with the
 * gateway's request id). Flagged chunks say so in their source line; every chunk is fenced as
 * untrusted data by assemblePrompt anyway.
 */
export function createKnowledgeRetriever(options: { limit?: number } = {}): ContextRetriever {
  return {
    async retrieve({ tenantId, text, requestId }) {
      if (text.trim() === '') return [];
      const { matches } = await searchChunks(tenantId, { text, limit: options.limit ?? 4 }, { actor: { type: 'system', id: 'gateway', label: 'context retrieval' }, requestId });
      return matches.map((match) => ({
        id: match.chunkId,
        source: match.isUntrusted ? `${match.documentTitle} (flagged: instruction-like content)` : match.documentTitle,
        text: match.text,
      }));
    },
  };
}
