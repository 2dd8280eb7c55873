import { z } from 'zod';
import { DATA_CLASSES, LAYERS, REGIMES, TENANT_KINDS, TIERS, type Layer } from '@/lib/policy';

// Shared by the console forms (client) and the control-plane functions (server): the server parses
// again whatever the form already checked, so these are the only rules that count.

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Slugs that would shadow a console route under /tenants. */
const RESERVED_SLUGS = new Set(['new']);
export const MAX_NOTES_LENGTH = 2000;
export const MIN_JUSTIFICATION_LENGTH = 20;
const MAX_ACCEPTANCE_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export const TENANT_NAME_MAX_LENGTH = 120;
const nameSchema = z.string().trim().min(1, 'Enter a name.').max(TENANT_NAME_MAX_LENGTH, `Keep the name to ${TENANT_NAME_MAX_LENGTH} characters or fewer.`);

const profileFields = {
  kind: z.enum(TENANT_KINDS, { error: 'Choose whether this is an internal department or an external client.' }),
  dataClasses: z.array(z.enum(DATA_CLASSES, { error: 'Choose data classes from the list.' })).transform(dedupe),
  regimes: z.array(z.enum(REGIMES, { error: 'Choose regimes from the list.' })).transform(dedupe),
  adversarial: z.boolean({ error: 'Say whether the tenant is an adversarial threat.' }),
  hasOwnDpa: z.boolean({ error: 'Say whether the client has its own data processing agreement.' }),
  notes: z.string().max(MAX_NOTES_LENGTH, `Keep notes to ${MAX_NOTES_LENGTH.toLocaleString('en')} characters or fewer.`),
};

/** A data processing agreement is a client's: the engine ignores it for internal departments, so we do not store one. */
function normalizeDpa<T extends { kind: string; hasOwnDpa: boolean }>(profile: T): T {
  return { ...profile, hasOwnDpa: profile.kind === 'external_client' && profile.hasOwnDpa };
}

const slugSchema = z
  .string()
  .trim()
  .min(3, 'Use at least 3 characters for the slug.')
  .max(48, 'Keep the slug to 48 characters or fewer.')
  .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens (not at the start or end).')
  .refine((slug) => !RESERVED_SLUGS.has(slug), 'That slug is reserved by the console. Choose another.');

/** A new tenant: its classification (everything the isolation policy reads), name, notes and slug. */
export const newTenantSchema = z.object({ name: nameSchema, slug: slugSchema, ...profileFields }).transform(normalizeDpa);

/** The `updatedAt` the editor loaded: a save based on an older version is refused instead of overwriting. */
const versionSchema = z.iso.datetime({ error: 'The form is missing its version. Reload the page.' });

export const profileUpdateSchema = z.object({ name: nameSchema, ...profileFields, expectedUpdatedAt: versionSchema }).transform(normalizeDpa);

/** A draft being typed: the name may still be empty, everything else must already be valid. */
export const profileDraftSchema = z.object({ name: z.string().trim().max(TENANT_NAME_MAX_LENGTH), ...profileFields }).transform(normalizeDpa);

const tierSchema = z.enum(TIERS, { error: 'Choose a tier.' });

/** An expiry date (YYYY-MM-DD, read as 00:00 UTC) or date-time, in the future and at most a year away. */
const expirySchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'Choose an expiry date.' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() > Date.now(), 'Choose an expiry date in the future.')
  .refine((date) => date.getTime() <= Date.now() + MAX_ACCEPTANCE_DAYS * DAY_MS, 'A risk acceptance can last at most one year. Choose an earlier expiry date.');

export const riskAcceptanceSchema = z.object({
  justification: z
    .string()
    .trim()
    .min(MIN_JUSTIFICATION_LENGTH, `Explain the accepted risk in at least ${MIN_JUSTIFICATION_LENGTH} characters.`)
    .max(MAX_NOTES_LENGTH, `Keep the justification to ${MAX_NOTES_LENGTH.toLocaleString('en')} characters or fewer.`),
  expiresAt: expirySchema,
});

export const tierChangeSchema = z.object({
  tiers: z.object(Object.fromEntries(LAYERS.map((layer) => [layer, tierSchema])) as Record<Layer, typeof tierSchema>),
  expectedUpdatedAt: versionSchema,
  /** Per dedicated layer, the registered database server to place it on (null: the control plane's own). */
  servers: z
    .object(
      Object.fromEntries(LAYERS.map((layer) => [layer, z.uuid('Choose a server from the list.').nullable().optional()])) as Record<
        Layer,
        z.ZodOptional<z.ZodNullable<z.ZodUUID>>
      >,
    )
    .strict()
    .optional(),
  /** Required only when a chosen tier is below the tenant's minimum; then it covers every such layer. */
  riskAcceptance: riskAcceptanceSchema.optional(),
});

function dedupe<T>(values: T[]): T[] {
  return [...new Set(values)];
}
