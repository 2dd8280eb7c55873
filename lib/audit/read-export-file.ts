import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { Checkpoint } from './checkpoint';
import type { AuditEvent } from './event';
import { ExportFormatError, MAX_EXPORT_LINE_BYTES, parseExportLine, type ExportHeader } from './export-format';

/** A JSONL export opened for verification: header and checkpoints read, events streamed on demand. */
export interface ExportFile {
  header: ExportHeader;
  checkpoints: Checkpoint[];
  /** The line of each checkpoint, by its position in `checkpoints`. */
  checkpointLines: number[];
  eventCount: number;
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

const eventLinePrefix = Buffer.from('{"type":"event",');

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
  for await (const { lines, firstLineNumber } of readLineBatches(path)) {
    lines.forEach((bytes, offset) => {
      const lineNumber = firstLineNumber + offset;
      // Event lines are parsed in full by readEventBatches(); here only their place in the layout matters.
      const isEventLine = lineNumber > 1 && bytes.subarray(0, eventLinePrefix.length).equals(eventLinePrefix);
      const record = isEventLine ? ({ type: 'event' } as const) : parseExportLine(decodeLine(bytes, lineNumber), lineNumber);
      if (record.type === 'header') header = record.header;
      else if (record.type === 'event') {
        if (checkpoints.length > 0) throw new ExportFormatError('is an event after the checkpoints', lineNumber);
        eventCount++;
      } else {
        checkpoints.push(record.checkpoint);
        checkpointLines.push(lineNumber);
      }
    });
  }
  if (!header) throw new ExportFormatError('is missing: the file is empty', 1);
  const range = header;
  return { header, checkpoints, checkpointLines, eventCount, readEventBatches: () => readEventBatches(path, range, eventCount) };
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

function readEventLine(bytes: Buffer, lineNumber: number, range: ExportHeader): AuditEvent {
  const record = parseExportLine(decodeLine(bytes, lineNumber), lineNumber);
  // The file may have changed since the first pass.
  if (record.type !== 'event') throw new ExportFormatError('is not the event it was on the first read', lineNumber);
  const { time, seq } = record.event;
  if ((range.from !== null && time < range.from) || (range.to !== null && time > range.to)) {
    throw new ExportFormatError(`holds seq ${seq}, dated outside the export's range`, lineNumber);
  }
  return record.event;
}

function decodeLine(bytes: Buffer, lineNumber: number): string {
  if (!isUtf8(bytes)) throw new ExportFormatError('is not valid UTF-8', lineNumber);
  return bytes.toString('utf8');
}

/** Splits a file on LF (dropping a CR before it) a chunk at a time, refusing over-long lines before buffering them. */
async function* readLineBatches(path: string): AsyncGenerator<{ lines: Buffer[]; firstLineNumber: number }> {
  let pending: Buffer = Buffer.alloc(0);
  let lineNumber = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    const firstLineNumber = lineNumber + 1;
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
      lines.push(trimLine(data.subarray(start, end), ++lineNumber));
      start = end + 1;
    }
    pending = data.subarray(start);
    if (pending.length > MAX_EXPORT_LINE_BYTES) throw new ExportFormatError('is longer than the limit', lineNumber + 1);
    if (lines.length > 0) yield { lines, firstLineNumber };
  }
  if (pending.length > 0) yield { lines: [trimLine(pending, lineNumber + 1)], firstLineNumber: lineNumber + 1 };
}

function trimLine(bytes: Buffer, lineNumber: number): Buffer {
  const line = bytes.at(-1) === 13 ? bytes.subarray(0, -1) : bytes;
  if (line.length > MAX_EXPORT_LINE_BYTES) throw new ExportFormatError('is longer than the limit', lineNumber);
  return line;
}
