import 'server-only';
import { randomBytes } from 'node:crypto';
import { getPipelineDependencies } from '@/lib/enforcement/pipeline-config';
import { deleteDocument } from '@/lib/retrieval/delete-document';
import { ingestDocument } from '@/lib/retrieval/ingest-document';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

/**
 * Plants a document for the target through the real ingestion path, with a term found nowhere else,
 * then asks the gateway's context retriever for that term as the probe tenant. Positive control: the
 * same question as the target finds the planted chunk.
 */
export const retrievalCrossQueryCheck: ConformanceCheck = {
  id: 'retrieval.cross_query',
  layer: 'retrieval',
  attacked: "As another tenant, query the gateway's retrieval with a term found only in a document planted for this tenant",
  expected: "none of this tenant's chunks",
  async run(context: ProbeContext): Promise<CheckOutcome> {
    // Letters only, so full-text search keeps it as one lexeme.
    const term = `bulkheadprobe${randomBytes(8)
      .toString('hex')
      .replace(/[0-9]/g, (digit) => 'abcdefghij'[Number(digit)])}`;
    const document = await ingestDocument({
      tenant: context.target,
      actor: context.actor,
      requestId: context.runId,
      file: { filename: `conformance-probe-${context.runId}.md`, bytes: Buffer.from(`# Conformance probe\n\nThe reference word is ${term}.\n`) },
    });
    try {
      const { contextRetriever } = getPipelineDependencies();
      const asOther = await contextRetriever.retrieve({ tenantId: context.other.id, text: term, requestId: context.runId });
      const leaked = asOther.filter((chunk) => chunk.text.includes(term));
      const asTarget = await contextRetriever.retrieve({ tenantId: context.target.id, text: term, requestId: context.runId });
      const found = asTarget.filter((chunk) => chunk.text.includes(term));
      await context.recordProbe(this.id, [context.target.id, context.other.id], { documentId: document.id, leaked: leaked.length });
      return {
        observed:
          leaked.length === 0 ? `0 of this tenant's chunks (${asOther.length} chunks returned in all)` : `${leaked.length} of this tenant's chunks returned`,
        isRefused: leaked.length === 0,
        control: { observed: `the tenant's own query found ${found.length} planted chunk(s)`, isDetected: found.length > 0 },
      };
    } finally {
      await deleteDocument(context.target.id, document.id, { actor: context.actor, requestId: context.runId });
    }
  },
};
