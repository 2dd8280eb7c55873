import 'server-only';
import type { StoredEventText } from '../stored-event-hash';

// COPY's text format, decoded here and nowhere else: the verifier's reader on the main thread and the
// hashing worker (hash-stored-rows-worker.ts) both use it, so this module imports nothing heavy.

const FIELD_COUNT = 13;

/** Text-format COPY rows (tab-separated, newline-terminated, `\N` for null, backslash escapes) → stored events. */
export function parseCopyRows(text: string): StoredEventText[] {
  const lines = text.split('\n');
  const events: StoredEventText[] = new Array(lines.length - 1);
  for (let index = 0; index < lines.length - 1; index++) {
    const field = lines[index].split('\t');
    if (field.length !== FIELD_COUNT) throw new Error(`a COPY row has ${field.length} fields, not ${FIELD_COUNT}`);
    events[index] = {
      tenantId: field[0],
      seq: Number(field[1]),
      time: toIsoTime(field[2]),
      actorType: decodeField(field[3])!,
      actorId: decodeField(field[4])!,
      actorLabel: decodeField(field[5]),
      action: decodeField(field[6])!,
      target: decodeField(field[7]),
      requestId: decodeField(field[8])!,
      outcome: decodeField(field[9])!,
      payloadJson: decodeField(field[10])!,
      prevHash: decodeField(field[11])!,
      hash: decodeField(field[12])!,
    };
  }
  return events;
}

/**
 * `2026-01-31 23:59:00.12+00` (timestamptz out, ISO style, UTC: trailing zeros of the fraction dropped)
 * → `2026-01-31T23:59:00.120Z`. Anything else (a year past 9999, BC) is returned unchanged, so it cannot
 * match a stored hash and shows up as a problem instead of being guessed at.
 */
export function toIsoTime(text: string): string {
  const length = text.length;
  if (length < 22 || text.charCodeAt(10) !== 32 || !text.endsWith('+00')) return text;
  if (length === 22) return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
  if (text.charCodeAt(19) !== 46 || length > 26) return text;
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${text.slice(20, length - 3).padEnd(3, '0')}Z`;
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One field of COPY's text format: `\N` is null; a backslash escapes the next character (\n, \t, \\ …). */
function decodeField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, char: string) => ESCAPES[char] ?? char);
}
