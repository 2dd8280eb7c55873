import 'server-only';
import { z } from 'zod';
import { AUDIT_OUTCOMES } from '../event';
import { isoTime, MAX_PAGE_SIZE, NUL_MESSAGE, optional, text, withoutNul } from './event-filter';

/** The requests list's filters (lib/audit/store/request-query-sql.ts GatewayRequestFilter), validated. */
export const gatewayRequestFilterSchema = z
  .strictObject({
    from: optional(isoTime),
    to: optional(isoTime),
    outcome: optional(z.enum(AUDIT_OUTCOMES)),
    model: optional(text(200)),
    actorId: optional(text(200)),
    requestId: optional(text(200).pipe(z.string().min(3, 'Type at least 3 characters of the request id.'))),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, { message: 'The start must not be after the end.', path: ['to'] });

export const gatewayRequestPageRequestSchema = z.strictObject({
  filter: gatewayRequestFilterSchema.default({}),
  cursor: optional(z.string().max(300).refine(withoutNul, NUL_MESSAGE)),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});
export type GatewayRequestPageRequest = z.infer<typeof gatewayRequestPageRequestSchema>;

/** A request id named in a console address or action: ids the gateway writes, or any the log holds (at most 200 characters). */
export const requestIdSchema = text(200).pipe(z.string().min(1, 'Name a request id.'));
