import 'server-only';
import { copyStoredEvents, copyStoredRowChunks, MAX_CHUNK_BYTES, type CopyStoredEventsOptions } from './copy-stored-events';
import { hashStoredRow, type HashedStoredEvent } from './hash-stored-rows';
import { getStoredRowHasher } from './stored-row-hasher';

/** Chunks at the worker at once (each up to MAX_CHUNK_BYTES, about 160 events): it always has the next one. */
const MAX_IN_FLIGHT = 8;

/**
 * The verifier's read: one tenant's events in seq order (copyStoredRowChunks), each hashed from its stored
 * columns (computeStoredEventHash). Parsing and hashing, the costly part and independent per row, run in a
 * worker thread, pipelined with the COPY read; the caller links the events in order on its own thread.
 * Where no worker can run (the Next.js server bundle) or `inThread` asks, the same happens on this thread.
 * Memory stays bounded: the receive buffer (`maxBufferedBytes`) and at most MAX_IN_FLIGHT chunks.
 */
export async function* copyHashedStoredEvents(
  tenantId: string,
  options: CopyStoredEventsOptions & { inThread?: boolean } = {},
): AsyncGenerator<HashedStoredEvent[]> {
  const hasher = options.inThread ? null : await getStoredRowHasher();
  if (!hasher) {
    for await (const events of copyStoredEvents(tenantId, options)) yield events.map(hashStoredRow);
    return;
  }
  const inFlight: Promise<HashedStoredEvent[]>[] = [];
  for await (const chunk of copyStoredRowChunks(tenantId, { ...options, minChunkBytes: MAX_CHUNK_BYTES })) {
    const hashing = hasher.hash(chunk);
    // A caller that stops early leaves results nobody awaits: they must not become unhandled rejections.
    hashing.catch(() => {});
    inFlight.push(hashing);
    if (inFlight.length >= MAX_IN_FLIGHT) yield await inFlight.shift()!;
  }
  while (inFlight.length > 0) yield await inFlight.shift()!;
}
