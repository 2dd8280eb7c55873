import 'server-only';
/** One piece of a tenant's knowledge base handed to the model. Always treated as untrusted data. */
export interface RetrievedChunk {
  id: string;
  /** Where it came from (document title or id), shown in the trace. */
  source: string;
  text: string;
}

/**
 * Step 4's data source. The knowledge bases implement it over the tenant's retrieval placement
 * (createKnowledgeRetriever), installed with configurePipeline({ contextRetriever }). It receives only the
 * authenticated tenant id, and must read through lib/placement / withTenant under that id.
 */
export interface ContextRetriever {
  retrieve(query: { tenantId: string; text: string; requestId: string }): Promise<RetrievedChunk[]>;
}

/** The last user message is the retrieval query. */
export function selectRetrievalQuery(messages: readonly { role: string; content: string }[]): string {
  return messages.findLast((message) => message.role === 'user')?.content ?? '';
}
