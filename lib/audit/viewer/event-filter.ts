import 'server-only';
import { z } from 'zod';
import { AUDIT_OUTCOMES } from '../event';

/** Form fields arrive as '' when left empty: that means "no filter", not "match the empty string". */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());
}

/** An ISO time with a zone, normalized to the UTC millisecond form events are stored and compared in. */
export const isoTime = z.iso
  .datetime({ offset: true, message: 'Use an ISO time with a zone, e.g. 2026-01-31T23:59:00Z.' })
  .transform((value) => new Date(value).toISOString());
// PostgreSQL text cannot hold NUL: refused here as input, not left to fail as a query.
export const withoutNul = (value: string) => !value.includes('\u0000');
export const NUL_MESSAGE = 'Remove the NUL character (%00) from the filter.';
export const text = (max: number) => z.string().trim().max(max).refine(withoutNul, NUL_MESSAGE);

/** The viewer's and the API's filters (lib/audit/store/chain-store.ts AuditEventFilter), validated. */
export const auditEventFilterSchema = z
  .strictObject({
    from: optional(isoTime),
    to: optional(isoTime),
    actorId: optional(text(200)),
    action: optional(text(100)),
    outcome: optional(z.enum(AUDIT_OUTCOMES)),
    requestId: optional(text(200)),
    text: optional(text(200)),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, { message: 'The start must not be after the end.', path: ['to'] });

export const MAX_PAGE_SIZE = 200;

export const auditEventPageRequestSchema = z.strictObject({
  filter: auditEventFilterSchema.default({}),
  cursor: optional(z.string().max(300).refine(withoutNul, NUL_MESSAGE)),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});
export type AuditEventPageRequest = z.infer<typeof auditEventPageRequestSchema>;

/** A time range for an export; both ends optional (the whole chain). */
export const auditExportRequestSchema = z
  .strictObject({
    format: z.enum(['jsonl', 'csv']).default('jsonl'),
    from: optional(isoTime),
    to: optional(isoTime),
  })
  .refine((range) => !range.from || !range.to || range.from <= range.to, { message: 'The start must not be after the end.', path: ['to'] });
export type AuditExportRequest = z.infer<typeof auditExportRequestSchema>;
