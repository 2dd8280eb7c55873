import 'server-only';
import { z } from 'zod';

/**
 * Inputs of the knowledge page's actions, shared by the forms and the server. Objects are
 * stripped: a `tenantId`, `namespace` or filter naming another tenant is dropped, never read.
 */
export const searchKnowledgeSchema = z.object({
  query: z.string().trim().min(1, 'Type a question or some words to search for.').max(2000, 'Keep the query under 2,000 characters.'),
});

export const documentIdSchema = z.object({ documentId: z.uuid('That is not a document id.') });
