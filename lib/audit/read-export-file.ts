import 'server-only';
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { Checkpoint } from './checkpoint';
import type { AuditEvent } from './event';
import { ExportFormatError, MAX_EXPORT_LINE_BYTES, parseExportLine, type ExportHeader } from './export-format';
import type { ExportSeal } from './export-seal';

/** A JSONL export opened for verification: header and checkpoints read, events streamed on demand. */
export interface ExportFile {
  header: ExportHeader;
  checkpoints: Checkpoint[];
  /** The line of each checkpoint, by its position in `checkpoints`. */
  checkpointLines: number[];
  eventCount: number;
  /** The last line: what the file says it holds, signed. */
  seal: ExportSeal;
  sealLine: number;
  /**
   * Events in file order, a read chunk at a time (one promise per chunk, not per event), each line
   * parsed strictly and dated within the header's range. A bad line ends the stream with an
   * ExportFormatError, after the events before it.
   */
  readEventBatches(): AsyncGenerator<AuditEvent[]>;
}

/** Events start on line 2 and run without a break (readExportFile enforces it). */
export function getEventLine(eventIndex: number): number {
  return eventIndex + 2;
}

const eventLinePrefix = '{"type":"event",';
// Decoding a chunk of 256 KiB or more into one string is 30 times slower per byte here (V8's large
// object space), so chunks stay below that.
const CHUNK_BYTES = 64 * 1024;

/**
 * Opens an export in two streaming passes: the first reads the header and the checkpoints (which come
 * last, but the verifier needs them first) and checks the layout; readEventBatches() is the second.
 * @throws ExportFormatError for the first line out of place or malformed
 */
export async function readExportFile(path: string): Promise<ExportFile> {
  let header: ExportHeader | undefined;
  const checkpoints: Checkpoint[] = [];
  const checkpointLines: number[] = [];
  let eventCount = 0;
  let seal: { seal: ExportSeal; line: number } | undefined;
  let lastLine = 0;
  for await (const { lines, firstLineNumber } of readLineBatches(path)) {
    lines.forEach((line, offset) => {
      const lineNumber = firstLineNumber + offset;
      lastLine = lineNumber;
      if (seal) throw new ExportFormatError('comes after the seal, which must be the last line', lineNumber);
      // Event lines are parsed in full by readEventBatches(); here only their place in the layout matters.
      const isEventLine = lineNumber > 1 && line.startsWith(eventLinePrefix);
      const record = isEventLine ? ({ type: 'event' } as const) : parseExportLine(line, lineNumber);
      if (record.type === 'header') header = record.header;
      else if (record.type === 'event') {
        if (checkpoints.length > 0) throw new ExportFormatError('is an event after the checkpoints', lineNumber);
        eventCount++;
      } else if (record.type === 'checkpoint') {
        checkpoints.push(record.checkpoint);
        checkpointLines.push(lineNumber);
      } else if (record.type === 'seal') {
        seal = { seal: record.seal, line: lineNumber };
      }
    });
  }
  if (!header) throw new ExportFormatError('is missing: the file is empty', 1);
  // Without its seal the file cannot show it is whole: its end may have been cut off.
  if (!seal) throw new ExportFormatError('should be the seal, but the file ends before it: the export is incomplete (cut short or truncated)', lastLine + 1);
  const range = header;
  return {
    header,
    checkpoints,
    checkpointLines,
    eventCount,
    seal: seal.seal,
    sealLine: seal.line,
    readEventBatches: () => readEventBatches(path, range, eventCount),
  };
}

async function* readEventBatches(path: string, range: ExportHeader, eventCount: number): AsyncGenerator<AuditEvent[]> {
  const lastEventLine = getEventLine(eventCount - 1);
  for await (const { lines, firstLineNumber } of readLineBatches(path)) {
    const events: AuditEvent[] = [];
    try {
      for (let offset = 0; offset < lines.length; offset++) {
        const lineNumber = firstLineNumber + offset;
        if (lineNumber > lastEventLine) break;
        if (lineNumber > 1) events.push(readEventLine(lines[offset], lineNumber, range));
      }
    } catch (error) {
      // The events before the bad line go first: one of them may be the first bad record.
      if (events.length > 0) yield events;
      throw error;
    }
    if (events.length > 0) yield events;
    if (firstLineNumber + lines.length > lastEventLine) return;
  }
}

function readEventLine(line: string, lineNumber: number, range: ExportHeader): AuditEvent {
  const record = parseExportLine(line, lineNumber);
  // The file may have changed since the first pass.
  if (record.type !== 'event') throw new ExportFormatError('is not the event it was on the first read', lineNumber);
  const { time, seq } = record.event;
  if ((range.from !== null && time < range.from) || (range.to !== null && time > range.to)) {
    throw new ExportFormatError(`holds seq ${seq}, dated outside the export's range`, lineNumber);
  }
  return record.event;
}

/**
 * Splits a file into lines on LF (dropping a CR before it), one read chunk at a time. Each chunk is
 * checked as UTF-8 and decoded once, then split as a string: per-line Buffers and copies of whole chunks
 * made the garbage collector the verifier's main cost. Only a line crossing a chunk boundary is copied,
 * and one growing past MAX_EXPORT_LINE_BYTES is refused before it is buffered further.
 */
async function* readLineBatches(path: string): AsyncGenerator<{ lines: string[]; firstLineNumber: number }> {
  let pending: Buffer | null = null;
  let lineNumber = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    const lastNewline = chunk.lastIndexOf(10);
    if (lastNewline === -1) {
      pending = pending ? Buffer.concat([pending, chunk]) : chunk;
      if (pending.length > MAX_EXPORT_LINE_BYTES) throw new ExportFormatError('is longer than the limit', lineNumber + 1);
      continue;
    }
    const firstLineNumber = lineNumber + 1;
    const lines: string[] = [];
    let start = 0;
    if (pending) {
      start = chunk.indexOf(10) + 1;
      const joined = Buffer.concat([pending, chunk.subarray(0, start)]);
      if (joined.length - 1 > MAX_EXPORT_LINE_BYTES) throw new ExportFormatError('is longer than the limit', lineNumber + 1);
      lines.push(...decodeLines(joined, ++lineNumber));
    }
    const decoded = decodeLines(chunk.subarray(start, lastNewline + 1), lineNumber + 1);
    lineNumber += decoded.length;
    lines.push(...decoded);
    pending = lastNewline + 1 < chunk.length ? chunk.subarray(lastNewline + 1) : null;
    if (pending && pending.length > MAX_EXPORT_LINE_BYTES) throw new ExportFormatError('is longer than the limit', lineNumber + 1);
    yield { lines, firstLineNumber };
  }
  if (pending) yield { lines: decodeLines(Buffer.concat([pending, Buffer.from('\n')]), lineNumber + 1), firstLineNumber: lineNumber + 1 };
}

/** The lines of a region that ends with LF, numbered from firstLineNumber for errors. */
function decodeLines(region: Buffer, firstLineNumber: number): string[] {
  if (!isUtf8(region)) throw new ExportFormatError('is not valid UTF-8', firstLineNumber + findInvalidUtf8Line(region));
  const lines = region.toString('utf8').split('\n');
  lines.pop();
  for (let index = 0; index < lines.length; index++) {
    if (lines[index].endsWith('\r')) lines[index] = lines[index].slice(0, -1);
  }
  return lines;
}

function findInvalidUtf8Line(region: Buffer): number {
  let offset = 0;
  for (let start = 0; start < region.length; offset++) {
    const end = region.indexOf(10, start);
    if (!isUtf8(region.subarray(start, end))) return offset;
    start = end + 1;
  }
  return 0;
}
