import 'server-only';
import { computeStoredEventHash, type StoredEventText } from '../stored-event-hash';
import type { ChainLink } from '../verify-chain';
import { parseCopyRows } from './parse-copy-rows';

/** A stored event as the verifier takes it: the fields it links by, and what the stored row hashes to. */
export interface HashedStoredEvent extends ChainLink {
  /** computeStoredEventHash of the stored row, or what it threw (an event that cannot be hashed). */
  computedHash: string | Error;
}

/** The verifier's hashOf for a HashedStoredEvent: the hash computed when it was read. */
export function getComputedHash(event: HashedStoredEvent): string {
  if (event.computedHash instanceof Error) throw event.computedHash;
  return event.computedHash;
}

/** Hashes one stored row (in place: the row becomes its HashedStoredEvent). */
export function hashStoredRow(stored: StoredEventText): StoredEventText & HashedStoredEvent {
  return Object.assign(stored, { computedHash: tryComputeHash(stored) });
}

function tryComputeHash(stored: StoredEventText): string | Error {
  try {
    return computeStoredEventHash(stored);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * What the hashing worker sends back for a chunk of COPY rows, compact so that posting it costs little:
 * each row that hashes to its stored hash (nearly all) as fixed-width text in `links` (tenant id, time,
 * prevHash, hash: LINK_WIDTH characters) with its seq in `seqs`; any other row whole, with its outcome.
 */
export interface HashedChunk {
  rowCount: number;
  seqs: Float64Array;
  links: string;
  exceptions: { index: number; stored: StoredEventText; computedHash: string | null; error: string | null }[];
}

const TENANT_WIDTH = 36;
const TIME_WIDTH = 24;
const HASH_WIDTH = 64;
const LINK_WIDTH = TENANT_WIDTH + TIME_WIDTH + 2 * HASH_WIDTH;

/** The worker's half: parse and hash every row of `text` (whole COPY rows). */
export function hashChunkForTransfer(text: string): HashedChunk {
  const rows = parseCopyRows(text);
  const seqs = new Float64Array(rows.length);
  const parts: string[] = [];
  const exceptions: HashedChunk['exceptions'] = [];
  for (let index = 0; index < rows.length; index++) {
    const stored = rows[index];
    const computedHash = tryComputeHash(stored);
    seqs[index] = stored.seq;
    // A matched hash means prevHash and hash are 64 hex digits; the other widths are checked here.
    if (computedHash === stored.hash && stored.tenantId.length === TENANT_WIDTH && stored.time.length === TIME_WIDTH) {
      parts.push(stored.tenantId, stored.time, stored.prevHash, stored.hash);
    } else {
      const isError = computedHash instanceof Error;
      exceptions.push({ index, stored, computedHash: isError ? null : computedHash, error: isError ? computedHash.message : null });
    }
  }
  return { rowCount: rows.length, seqs, links: parts.join(''), exceptions };
}

/** The main thread's half: the chunk's events in order, as the verifier takes them. */
export function readHashedChunk(chunk: HashedChunk): HashedStoredEvent[] {
  const { rowCount, seqs, links, exceptions } = chunk;
  const events: HashedStoredEvent[] = new Array(rowCount);
  let exception = 0;
  let at = 0;
  for (let index = 0; index < rowCount; index++) {
    const odd = exceptions[exception];
    if (odd?.index === index) {
      exception++;
      events[index] = { ...odd.stored, computedHash: odd.error !== null ? new Error(odd.error) : odd.computedHash! };
      continue;
    }
    const hash = links.slice(at + LINK_WIDTH - HASH_WIDTH, at + LINK_WIDTH);
    events[index] = {
      tenantId: links.slice(at, at + TENANT_WIDTH),
      seq: seqs[index],
      time: links.slice(at + TENANT_WIDTH, at + TENANT_WIDTH + TIME_WIDTH),
      prevHash: links.slice(at + TENANT_WIDTH + TIME_WIDTH, at + LINK_WIDTH - HASH_WIDTH),
      hash,
      computedHash: hash,
    };
    at += LINK_WIDTH;
  }
  if (at !== links.length || exception !== exceptions.length) throw new Error('a hashed chunk does not add up: verification cannot trust it');
  return events;
}
