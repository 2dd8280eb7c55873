import 'server-only';
import { z } from 'zod';

/**
 * Every action appenders may record, grouped by the kind of event the audit issue asks for.
 * Payload conventions (documented in docs/audit-format.md): admin changes carry `{ before, after }`,
 * retrieval carries the document ids read for the request, decisions carry the rule ids that decided.
 */
export const AUDIT_ACTIONS = [
  // admin changes
  'tenant.create',
  'tenant.update',
  'tenant.tiers_change',
  'tenant.archive',
  'risk.accept',
  'risk.revoke',
  'member.add',
  'member.update',
  'member.remove',
  'member.invite',
  'member.invitation_accept',
  'member.invitation_withdraw',
  // accounts (the Users page): platform role, status, sessions, password resets
  'user.platform_role_change',
  'user.deactivate',
  'user.reactivate',
  'user.sessions_revoke',
  'user.password_reset_issue',
  'user.password_reset',
  'api_key.create',
  'api_key.revoke',
  'prompt.update',
  'document.upload',
  'document.delete',
  // sign-in and sign-out
  'auth.sign_in',
  'auth.sign_out',
  'auth.session_revoke',
  // single sign-on configuration
  'sso.settings_change',
  'sso.mapping_add',
  'sso.mapping_remove',
  // decisions
  'policy.decision',
  'inference.request',
  // a request refused while its body was read (too large, not JSON): bounded, see record-body-refusal
  'inference.refused',
  // data-plane reads
  'retrieval.read',
  // incidents
  'incident.open',
  'incident.update',
  'incident.close',
  'incident.assign',
  'incident.note',
  'incident.export',
  // key operations
  'kms.key_create',
  'kms.key_rotate',
  'kms.key_disable',
  'kms.key_rotation_enable',
  'kms.key_deletion_schedule',
  'kms.key_shred',
  'kms.deletion_receipt',
  'kms.rewrap',
  'kms.decrypt_refused',
  'kms.failure',
  // data-plane placement (lib/placement): one event per step of an operation
  'placement.provision',
  'placement.migrate',
  'placement.upgrade',
  // the audit log itself
  'audit.access',
  // a platform admin's read of a tenant's decrypted content (document, prompt versions)
  'platform.content_read',
  // a tenant admin's or compliance officer's read of a request's stored prompt and answer
  'audit.payload_read',
  'audit.export',
  'audit.checkpoint',
  'audit.retention',
  // isolation conformance probes (lib/conformance): each probe is itself evidence
  'conformance.probe',
  'conformance.run',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'denied', 'blocked', 'failure', 'flagged'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const ACTOR_TYPES = ['user', 'api_key', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditActor {
  type: ActorType;
  id: string;
  /** Display text (an email, a key name): user-controlled, never trusted for anything but display. */
  label?: string;
}

/** What an appender supplies; the chain adds seq, time, prevHash and hash. */
export interface AuditEventFields {
  tenantId: string;
  actor: AuditActor;
  action: AuditAction;
  target: string | null;
  requestId: string;
  outcome: AuditOutcome;
  /** Stored as given, or `{ encrypted: "<ciphertext>" }` when the tier encrypts payloads: the hash covers what is stored. */
  payload: JsonValue;
}

/** One stored event. `action` is any dotted name, so events written by newer code still verify. */
export interface AuditEvent extends Omit<AuditEventFields, 'action'> {
  action: string;
  /** 1-based, gapless per tenant. */
  seq: number;
  /** ISO-8601 UTC with milliseconds, never earlier than the previous event's. */
  time: string;
  /** 64 lowercase hex; GENESIS_HASH for seq 1. */
  prevHash: string;
  hash: string;
}

export const HASH_PATTERN = /^[0-9a-f]{64}$/;
/** Lowercase only: Postgres returns uuids lowercase, and the hash covers the exact text. */
export const TENANT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

const actorSchema = z.strictObject({
  type: z.enum(ACTOR_TYPES),
  id: z.string().min(1).max(200),
  label: z.string().max(200).optional(),
});

/** Field rules shared by the appender (before hashing) and the reader (after storage), so both agree. */
export const auditEventFieldsSchema = z.strictObject({
  tenantId: z.string().regex(TENANT_ID_PATTERN),
  actor: actorSchema,
  action: z.string().max(100).regex(ACTION_PATTERN),
  target: z.string().max(1000).nullable(),
  requestId: z.string().min(1).max(200),
  outcome: z.enum(AUDIT_OUTCOMES),
  // Any JSON value; the hash canonicalises it and reports whatever has no canonical form.
  payload: z.custom<JsonValue>((value) => value !== undefined, 'payload is missing'),
});

/** An event read back from storage or an export: strict, so no unhashed field can ride along. */
export const auditEventSchema = auditEventFieldsSchema.extend({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  time: z.iso.datetime({ precision: 3 }),
  prevHash: z.string().regex(HASH_PATTERN),
  hash: z.string().regex(HASH_PATTERN),
});

export class AuditEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditEventError';
  }
}

/**
 * Validates an event read back from storage or an export.
 * @throws AuditEventError naming the first invalid field (never echoing its value)
 */
export function parseAuditEvent(value: unknown): AuditEvent {
  if (isAuditEventShape(value)) return value;
  const result = auditEventSchema.safeParse(value);
  if (!result.success) throw new AuditEventError(describeIssue(result.error.issues[0]));
  return result.data as AuditEvent;
}

const EVENT_KEY_COUNT = 11;
const TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
const actorTypes: ReadonlySet<unknown> = new Set(ACTOR_TYPES);
const outcomes: ReadonlySet<unknown> = new Set(AUDIT_OUTCOMES);

/**
 * auditEventSchema's rules checked by hand, several times faster than zod on the verifier's path.
 * Conservative: true only for values the schema accepts (a test holds it to that); false hands the
 * value to zod, which decides and words the error. It returns the input itself, not a copy.
 */
export function isAuditEventShape(value: unknown): value is AuditEvent {
  if (!isPlainObject(value) || Object.keys(value).length !== EVENT_KEY_COUNT) return false;
  const { tenantId, actor, action, target, requestId, outcome, payload, seq, time, prevHash, hash } = value;
  return (
    typeof tenantId === 'string' &&
    TENANT_ID_PATTERN.test(tenantId) &&
    isActorShape(actor) &&
    typeof action === 'string' &&
    action.length <= 100 &&
    ACTION_PATTERN.test(action) &&
    (target === null || (typeof target === 'string' && target.length <= 1000)) &&
    typeof requestId === 'string' &&
    requestId.length >= 1 &&
    requestId.length <= 200 &&
    outcomes.has(outcome) &&
    payload !== undefined &&
    Number.isSafeInteger(seq) &&
    (seq as number) >= 1 &&
    isIsoTime(time) &&
    typeof prevHash === 'string' &&
    HASH_PATTERN.test(prevHash) &&
    typeof hash === 'string' &&
    HASH_PATTERN.test(hash)
  );
}

function isActorShape(actor: unknown): boolean {
  if (!isPlainObject(actor)) return false;
  const { type, id, label } = actor;
  return (
    Object.keys(actor).length === (label === undefined ? 2 : 3) &&
    actorTypes.has(type) &&
    typeof id === 'string' &&
    id.length >= 1 &&
    id.length <= 200 &&
    (label === undefined || (typeof label === 'string' && label.length <= 200))
  );
}

/** The form Date#toISOString writes (what the appender stores), for a date that exists. */
function isIsoTime(time: unknown): boolean {
  const match = typeof time === 'string' ? TIME_PATTERN.exec(time) : null;
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (isLeap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A message that names the field and the rule but not the input, which may be hostile text. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.map(String).join('.') : 'record';
  if (issue.code === 'unrecognized_keys') return `${path} has ${issue.keys.length} unexpected field(s)`;
  return `${path}: ${issue.message}`;
}
