import 'server-only';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { checkpointSchema, type Checkpoint } from './checkpoint';
import { auditEventSchema, describeIssue, isAuditEventShape, TENANT_ID_PATTERN, type AuditEvent } from './event';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader } from './export-header';
import { exportSealSchema, type ExportSeal, type ExportSummary } from './export-seal';

/**
 * The JSONL export (docs/audit-format.md): line 1 the header, then one `{"type":"event",...}` line per
 * event in seq order, then one `{"type":"checkpoint",...}` line per checkpoint, then the signed
 * `{"type":"seal",...}` line saying what the file holds (export-seal.ts). JSON escaping keeps every
 * record on one line whatever text it holds (newlines, ANSI codes, JSON fragments).
 */
/** Longer lines are refused unread; buildNextEvent keeps real events well below this. */
export const MAX_EXPORT_LINE_BYTES = 1024 * 1024;

export { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader };

const isoTime = z.iso.datetime({ precision: 3 });
const headerSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  tenantId: z.string().regex(TENANT_ID_PATTERN),
  from: isoTime.nullable(),
  to: isoTime.nullable(),
  publicKey: z.string().min(1).max(200),
  exportedAt: isoTime,
});
const eventLineSchema = auditEventSchema.extend({ type: z.literal('event') });
const checkpointLineSchema = checkpointSchema.extend({ type: z.literal('checkpoint') });
const sealLineSchema = exportSealSchema.extend({ type: z.literal('seal') });

export function formatHeaderLine(header: Omit<ExportHeader, 'format' | 'version'>): string {
  const { tenantId, from, to, publicKey, exportedAt } = header;
  return `${JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, tenantId, from, to, publicKey, exportedAt })}\n`;
}

export function formatEventLine(event: AuditEvent): string {
  const { tenantId, seq, time, actor, action, target, requestId, outcome, payload, prevHash, hash } = event;
  const line = { type: 'event', tenantId, seq, time, actor, action, target, requestId, outcome, payload, prevHash, hash };
  return `${JSON.stringify(line)}\n`;
}

export function formatCheckpointLine(checkpoint: Checkpoint): string {
  const { tenantId, seq, headHash, time, prevSignature, signature } = checkpoint;
  return `${JSON.stringify({ type: 'checkpoint', tenantId, seq, headHash, time, prevSignature, signature })}\n`;
}

export function formatSealLine(seal: ExportSeal): string {
  const { eventCount, firstSeq, lastSeq, lastHash, checkpointCount, signature } = seal;
  return `${JSON.stringify({ type: 'seal', eventCount, firstSeq, lastSeq, lastHash, checkpointCount, signature })}\n`;
}

/**
 * Streams a whole export, line by line, for a response body or a file, ending with its seal.
 * @param checkpoints read before the events or in the same snapshot: a checkpoint signed after the
 *   events were read may cover events the export lacks, and the verifier would call that a truncation
 * @param seal signs the header and what was written (signExportSeal with the checkpoint key)
 */
export async function* writeJsonlExport(input: {
  header: Omit<ExportHeader, 'format' | 'version'>;
  events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>;
  checkpoints: readonly Checkpoint[];
  seal: (header: ExportHeader, summary: ExportSummary) => ExportSeal | Promise<ExportSeal>;
}): AsyncGenerator<string> {
  const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, ...input.header };
  yield formatHeaderLine(input.header);
  const summary: ExportSummary = { eventCount: 0, firstSeq: null, lastSeq: null, lastHash: null, checkpointCount: input.checkpoints.length };
  for await (const event of input.events) {
    summary.eventCount += 1;
    summary.firstSeq ??= event.seq;
    summary.lastSeq = event.seq;
    summary.lastHash = event.hash;
    yield formatEventLine(event);
  }
  for (const checkpoint of input.checkpoints) yield formatCheckpointLine(checkpoint);
  yield formatSealLine(await input.seal(header, summary));
}

/** CSV columns; the payload column holds the payload's canonical JSON. */
export const CSV_COLUMNS = [
  'seq',
  'time',
  'tenant_id',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target',
  'request_id',
  'outcome',
  'payload',
  'prev_hash',
  'hash',
] as const;

/**
 * Streams a CSV (RFC 4180, CRLF) for people and spreadsheets. It is not verifiable: cells are altered to
 * be safe to open (see escapeCsvCell); the JSONL export is the evidence.
 */
export async function* writeCsvExport(events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>): AsyncGenerator<string> {
  yield formatCsvRow(CSV_COLUMNS);
  for await (const event of events) {
    const { seq, time, tenantId, actor, action, target, requestId, outcome, payload, prevHash, hash } = event;
    const cells = [String(seq), time, tenantId, actor.type, actor.id, actor.label ?? '', action, target ?? '', requestId, outcome];
    yield formatCsvRow([...cells, canonicalJson(payload), prevHash, hash]);
  }
}

function formatCsvRow(cells: readonly string[]): string {
  return `${cells.map(escapeCsvCell).join(',')}\r\n`;
}

/**
 * Quotes a cell, and defuses what a spreadsheet or terminal would act on: a leading = + - @ tab or CR
 * (formula injection, OWASP) gets an apostrophe; control characters other than tab, CR and LF (ANSI
 * escapes, for one) are written as visible \u00XX text.
 */
export function escapeCsvCell(value: string): string {
  const visible = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const defused = /^[=+\-@\t\r]/.test(visible) ? `'${visible}` : visible;
  return `"${defused.replaceAll('"', '""')}"`;
}

export type ExportRecord =
  | { type: 'header'; header: ExportHeader }
  | { type: 'event'; event: AuditEvent }
  | { type: 'checkpoint'; checkpoint: Checkpoint }
  | { type: 'seal'; seal: ExportSeal };

/** A line that is not what its place in the file requires; the message never quotes the line. */
export class ExportFormatError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(`line ${lineNumber}: ${message}`);
    this.name = 'ExportFormatError';
  }
}

/**
 * Parses one JSONL line defensively: size, JSON, a plain object, the strict schema of its record type.
 * Line 1 must be the header and no other line may be.
 * @throws ExportFormatError naming the line and the rule it breaks
 */
export function parseExportLine(text: string, lineNumber: number): ExportRecord {
  if (text.length > MAX_EXPORT_LINE_BYTES) throw new ExportFormatError('is longer than the limit', lineNumber);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExportFormatError(text.trim() === '' ? 'is empty' : 'is not valid JSON', lineNumber);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ExportFormatError('is not a JSON object', lineNumber);
  }
  if (lineNumber === 1) return { type: 'header', header: parseHeader(value, lineNumber) };

  const type = (value as { type?: unknown }).type;
  if (type === 'event') return { type: 'event', event: parseEventLine(value as Record<string, unknown>, lineNumber) };
  if (type === 'checkpoint') {
    const { type: _type, ...checkpoint } = parseWith(checkpointLineSchema, value, lineNumber);
    return { type: 'checkpoint', checkpoint };
  }
  if (type === 'seal') {
    const { type: _type, ...seal } = parseWith(sealLineSchema, value, lineNumber);
    return { type: 'seal', seal };
  }
  throw new ExportFormatError('is neither an event, a checkpoint nor the seal', lineNumber);
}

function parseEventLine(line: Record<string, unknown>, lineNumber: number): AuditEvent {
  // The fast path: the eleven fields copied out (leaving `type`), with nothing else on the line.
  const { tenantId, actor, action, target, requestId, outcome, payload, seq, time, prevHash, hash } = line;
  const event = { tenantId, actor, action, target, requestId, outcome, payload, seq, time, prevHash, hash };
  if (Object.keys(line).length === 12 && isAuditEventShape(event)) return event;
  const { type: _type, ...parsed } = parseWith(eventLineSchema, line, lineNumber);
  return parsed as AuditEvent;
}

function parseHeader(value: object, lineNumber: number): ExportHeader {
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== EXPORT_FORMAT) throw new ExportFormatError('is not a Bulkhead audit export header', lineNumber);
  if (version !== EXPORT_VERSION) throw new ExportFormatError(`has an export version this verifier does not read (expected ${EXPORT_VERSION})`, lineNumber);
  return parseWith(headerSchema, value, lineNumber);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, lineNumber: number): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ExportFormatError(describeIssue(result.error.issues[0]), lineNumber);
  return result.data;
}
