import 'server-only';
import { parentPort } from 'node:worker_threads';
import { hashChunkForTransfer } from './hash-stored-rows';

// A worker thread of stored-row-hasher.ts: hashes chunks of COPY text, one message each, in order.
const port = parentPort!;
port.on('message', ({ id, chunk }: { id: number; chunk: Uint8Array }) => {
  try {
    const result = hashChunkForTransfer(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8'));
    port.postMessage({ id, result }, [result.seqs.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ ready: true });
