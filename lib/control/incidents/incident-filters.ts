import 'server-only';
import { z } from 'zod';
import { UserFacingError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES } from './derive-incidents';
import { INCIDENT_STATUSES } from './incident-status';

/** How far back a list looks: a chosen window, or every incident. */
export const INCIDENT_RANGES = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24, all: null } as const;
export type IncidentRange = keyof typeof INCIDENT_RANGES;

// A page position is the last row shown (opened_at, id): keyset paging, so a page is as fast at
// the ten-thousandth incident as at the first and rows opened meanwhile do not shift the pages.
const cursorSchema = z
  .string()
  .regex(/^\d{13}_[0-9a-f-]{36}$/, 'That page link is not valid; start again from the first page.')
  .transform((value) => {
    const [millis, id] = value.split('_');
    return { openedAt: new Date(Number(millis)), id };
  });

const optionalChoice = <Values extends readonly [string, ...string[]]>(values: Values, what: string) =>
  z.enum(values, { error: `Choose a ${what} from the list (${values.join(', ')}).` }).optional();

/**
 * The filters of an incident list as they stand in its address (so a filtered view can be shared
 * and survives a reload): `status`, `severity`, `kind`, `tenant` (a slug, platform view only),
 * `range` and `after` (the page position).
 */
export const incidentFiltersSchema = z
  .object({
    status: optionalChoice(INCIDENT_STATUSES, 'status'),
    severity: optionalChoice(INCIDENT_SEVERITIES, 'severity'),
    kind: optionalChoice(INCIDENT_KINDS, 'kind'),
    tenant: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/, 'Choose a tenant from the list.')
      .optional(),
    range: z.enum(Object.keys(INCIDENT_RANGES) as [IncidentRange, ...IncidentRange[]], { error: 'Choose a range from the list.' }).default('all'),
    after: cursorSchema.optional(),
  })
  .strict();

export type IncidentFilters = z.infer<typeof incidentFiltersSchema>;

/**
 * Reads filters from an address's search parameters (empty values mean "any"). Anything else
 * there is refused with a message naming the bad field, so a mistyped shared link says so instead
 * of quietly showing everything.
 * @throws UserFacingError (400) naming the first invalid field
 */
export function parseIncidentFilters(searchParams: Record<string, string | string[] | undefined>): IncidentFilters {
  const fields = Object.fromEntries(Object.entries(searchParams).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
  const parsed = incidentFiltersSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.');
  throw new UserFacingError(issue.code === 'unrecognized_keys' ? `Unknown filter: ${issue.keys.join(', ')}.` : `${field}: ${issue.message}`, 400);
}

/** The filters as address parameters (for links to the next page and the form's current values). */
export function toSearchParams(filters: IncidentFilters, after?: string | null): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['status', 'severity', 'kind', 'tenant'] as const) if (filters[key]) params.set(key, filters[key]);
  if (filters.range !== 'all') params.set('range', filters.range);
  if (after) params.set('after', after);
  return params;
}

export function encodeCursor(row: { openedAt: Date; id: string }): string {
  return `${row.openedAt.getTime()}_${row.id}`;
}

/** The Prisma condition for the filters (the tenant filter is resolved to an id by the caller). */
export function incidentWhere(filters: IncidentFilters, now = new Date()): Prisma.IncidentWhereInput {
  const hours = INCIDENT_RANGES[filters.range];
  const conditions: Prisma.IncidentWhereInput[] = [];
  if (filters.status) conditions.push({ status: filters.status });
  if (filters.severity) conditions.push({ severity: filters.severity });
  if (filters.kind) conditions.push({ kind: filters.kind });
  if (hours !== null) conditions.push({ openedAt: { gte: new Date(now.getTime() - hours * 3_600_000) } });
  if (filters.after) {
    const { openedAt, id } = filters.after;
    conditions.push({ OR: [{ openedAt: { lt: openedAt } }, { openedAt, id: { lt: id } }] });
  }
  return { AND: conditions };
}

/** Newest first, the id breaking ties: the order the cursor follows. */
export const INCIDENT_ORDER: Prisma.IncidentOrderByWithRelationInput[] = [{ openedAt: 'desc' }, { id: 'desc' }];

/** For a page: the filters, or (for a bad address) none and the message saying what was wrong. */
export function readIncidentFilters(searchParams: Record<string, string | string[] | undefined>): { filters: IncidentFilters; error: string | null } {
  try {
    return { filters: parseIncidentFilters(searchParams), error: null };
  } catch (error) {
    if (error instanceof UserFacingError) return { filters: { range: 'all' }, error: error.message };
    throw error;
  }
}
