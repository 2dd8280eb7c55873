import 'server-only';
import { promptLayerConfigSource } from '@/lib/prompts/get-active-prompt-config';
import { createKnowledgeRetriever } from '@/lib/retrieval/context-retriever';
import type { PromptConfigSource } from './assemble-prompt';
import { createLeasedTokenLimiter } from './leased-rate-limit';
import type { TokenBucketLimiter } from './rate-limit';
import type { ContextRetriever } from '@/lib/retrieval/retrieve-context';

/** The pipeline's pluggable parts. */
export interface PipelineDependencies {
  contextRetriever: ContextRetriever;
  promptConfigSource: PromptConfigSource;
  limiter: TokenBucketLimiter;
}

const globalState = globalThis as unknown as { bulkheadPipeline?: PipelineDependencies };

/** The parts in use: the real sources by default; tests swap them with configurePipeline. */
export function getPipelineDependencies(): PipelineDependencies {
  return (globalState.bulkheadPipeline ??= {
    // The tenant's knowledge base, searched in its own retrieval placement.
    contextRetriever: createKnowledgeRetriever(),
    // The tenant's active prompt version; it falls back to the tenant-unique default prompt.
    promptConfigSource: promptLayerConfigSource,
    // One budget per tenant for every process, leased a few tokens at a time from PostgreSQL.
    limiter: createLeasedTokenLimiter(),
  });
}

/**
 * Installs parts of the pipeline for this process (a `promptConfigSource`, a `contextRetriever`,
 * a limiter), e.g. from instrumentation.ts at server start; tests swap parts with it.
 * Returns a function restoring the previous parts.
 */
export function configurePipeline(parts: Partial<PipelineDependencies>): () => void {
  const previous = { ...getPipelineDependencies() };
  globalState.bulkheadPipeline = { ...previous, ...parts };
  return () => {
    globalState.bulkheadPipeline = previous;
  };
}
