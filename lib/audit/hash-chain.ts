import 'server-only';
import { hash } from 'node:crypto';
import { CanonicalJsonError, canonicalJson, MAX_CANONICAL_DEPTH } from './canonical-json';
import { auditEventFieldsSchema, describeIssue, HASH_PATTERN, type AuditActor, type AuditEvent, type AuditEventFields, type JsonValue } from './event';

/** prevHash of seq 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Longest canonical body an appender may write, in UTF-16 code units. At most 3 UTF-8 bytes each, so
 * an export line stays under the reader's MAX_EXPORT_LINE_BYTES.
 */
export const MAX_EVENT_BODY_LENGTH = 256 * 1024;

/** The newest event of a tenant's chain, as the appender reads it under the per-tenant lock. */
export interface ChainHead {
  tenantId: string;
  seq: number;
  hash: string;
  time: string;
}

export class AuditChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditChainError';
  }
}

/**
 * The hash of one event; the only definition, shared by appender, verifier and exporter:
 *
 *   hash = lowercase hex of SHA-256( UTF-8( prevHash + canonicalJson(body) ) )
 *
 * where prevHash is the previous event's hash as its 64 lowercase hex characters (GENESIS_HASH for
 * seq 1; fixed length, so the concatenation is unambiguous) and body is the event without prevHash and
 * hash: `{ action, actor, outcome, payload, requestId, seq, target, tenantId, time }`.
 * Hex text rather than raw bytes keeps it a one-liner in any language (`sha256(prev + body)`).
 * tenantId and seq are inside the body, so an event copied into another chain or position fails.
 * @throws AuditChainError when prevHash is not 64 lowercase hex digits
 * @throws CanonicalJsonError when a field has no canonical JSON form
 */
export function computeEventHash(event: Omit<AuditEvent, 'hash'>): string {
  return hashSerializedEvent(event.prevHash, serializeEventBody(event));
}

/** computeEventHash of an event whose body is already serialized (serializeEventBody), so an appender serializes once. */
function hashSerializedEvent(prevHash: string, body: string): string {
  // An uppercase or short prevHash must not hash at all: it is not the previous event's hash text.
  if (!HASH_PATTERN.test(prevHash)) throw new AuditChainError('prevHash is not 64 lowercase hex digits');
  // One-shot hash of one string: no Buffer or Hash object per event, which the verifier's speed needs.
  return hash('sha256', prevHash + body, 'hex');
}

/**
 * The canonical JSON of the hashed part of an event: canonicalJson of an object holding the nine body
 * fields, built in key order so that stored events (sorted payloads) take canonicalJson's fast path.
 * @throws CanonicalJsonError when a field is missing or has no canonical form
 */
export function serializeEventBody(event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  const { action, actor, outcome, payload, requestId, seq, target, tenantId, time } = event;
  const body = { action, actor: orderActor(actor), outcome, payload, requestId, seq, target, tenantId, time };
  const isComplete =
    action !== undefined &&
    actor !== undefined &&
    outcome !== undefined &&
    payload !== undefined &&
    requestId !== undefined &&
    seq !== undefined &&
    target !== undefined &&
    tenantId !== undefined &&
    time !== undefined;
  if (!isComplete) {
    const missing = Object.keys(body).find((key) => body[key as keyof typeof body] === undefined);
    throw new CanonicalJsonError(`event has no ${missing}`);
  }
  return canonicalJson(body);
}

/**
 * The actor with its keys in canonical order (id, label, type): stores rebuild it from columns in
 * another order. Only exact actor shapes are rebuilt, so no other field can be dropped from the hash.
 */
function orderActor(actor: AuditActor): AuditActor {
  if (typeof actor !== 'object' || actor === null || Object.getPrototypeOf(actor) !== Object.prototype) return actor;
  const count = Object.keys(actor).length;
  const hasLabel = Object.hasOwn(actor, 'label');
  if (!Object.hasOwn(actor, 'id') || !Object.hasOwn(actor, 'type') || count !== (hasLabel ? 3 : 2)) return actor;
  return hasLabel ? { id: actor.id, label: actor.label, type: actor.type } : ({ id: actor.id, type: actor.type } as AuditActor);
}

/**
 * Builds the event that follows `head` (or the first of a chain when head is null). The store calls it
 * while holding the tenant's head lock and inserts the result; it never reuses a seq.
 * User text is made storable first: lone surrogates and U+0000 become U+FFFD, because canonical JSON
 * refuses the former and Postgres text refuses the latter. The payload is deep-copied, so a caller
 * mutating its object later cannot change what was hashed.
 * @param now the clock; time never goes below head.time, so seq order and time order agree
 * @throws AuditChainError for invalid fields, another tenant's head, or an oversized event
 */
export function buildNextEvent(head: ChainHead | null, fields: AuditEventFields, now: Date = new Date()): AuditEvent {
  const cleaned = {
    tenantId: fields.tenantId,
    actor: cleanJson(fields.actor, 0),
    action: fields.action,
    target: typeof fields.target === 'string' ? cleanText(fields.target) : fields.target,
    requestId: typeof fields.requestId === 'string' ? cleanText(fields.requestId) : fields.requestId,
    outcome: fields.outcome,
    payload: cleanJson(fields.payload, 0),
  };
  const parsed = auditEventFieldsSchema.safeParse(cleaned);
  if (!parsed.success) throw new AuditChainError(`invalid audit event: ${describeIssue(parsed.error.issues[0])}`);
  if (head && head.tenantId !== cleaned.tenantId) throw new AuditChainError("head belongs to another tenant's chain");

  const nowIso = now.toISOString();
  const unhashed = {
    ...(parsed.data as Omit<AuditEvent, 'seq' | 'time' | 'prevHash' | 'hash'>),
    seq: head ? head.seq + 1 : 1,
    time: head && head.time > nowIso ? head.time : nowIso,
    prevHash: head ? head.hash : GENESIS_HASH,
  };
  const body = serializeNewEventBody(unhashed);
  if (body.length > MAX_EVENT_BODY_LENGTH) {
    throw new AuditChainError(`audit event is larger than ${MAX_EVENT_BODY_LENGTH} characters`);
  }
  return { ...unhashed, hash: hashSerializedEvent(unhashed.prevHash, body) };
}

/** serializeEventBody for an event being built: a field with no canonical form makes it an invalid event. */
function serializeNewEventBody(event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  try {
    return serializeEventBody(event);
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new AuditChainError(`invalid audit event: ${error.message}`);
    throw error;
  }
}

function cleanText(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

function cleanJson<T>(value: T, depth: number): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_CANONICAL_DEPTH) throw new AuditChainError(`payload is nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, depth + 1)) as T;
  // Non-plain objects (Dates, Maps...) pass through so canonicalJson refuses them with its own message.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, JsonValue> = {};
  const record = value as Record<string, unknown>;
  // Keys copied in canonical order, so the stored event takes canonicalJson's fast path when verified.
  for (const [key, cleanKey] of Object.keys(record)
    .map((key) => [key, cleanText(key)])
    .sort(([, a], [, b]) => (a < b ? -1 : 1))) {
    // defineProperty: a "__proto__" key from user JSON stays data and never becomes the prototype.
    Object.defineProperty(copy, cleanKey, { value: cleanJson(record[key], depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}
