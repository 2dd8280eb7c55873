import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readLimitedBody } from './read-limited-body';

/** A chunked upload without Content-Length that never ends on its own; counts what was pulled from it. */
function endlessUpload() {
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.bytes += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024));
    },
  });
  return { request: new Request('http://console/upload', { method: 'POST', body, duplex: 'half' } as RequestInit), pulled };
}

test('an endless body without Content-Length is refused after reading just past the limit', async () => {
  const { request, pulled } = endlessUpload();
  assert.equal(request.headers.get('content-length'), null);
  assert.equal(await readLimitedBody(request, 1024 * 1024), null);
  assert.ok(pulled.bytes <= 1024 * 1024 + 3 * 64 * 1024, `read ${pulled.bytes} bytes for a 1 MiB limit`);
});

test('a declared Content-Length over the limit is refused before anything is read', async () => {
  const { request, pulled } = endlessUpload();
  request.headers.set('content-length', String(10 * 1024 * 1024));
  assert.equal(await readLimitedBody(request, 1024 * 1024), null);
  assert.ok(pulled.bytes <= 64 * 1024, `read ${pulled.bytes} bytes`);
});

test('positive control: a body within the limit comes back whole, byte for byte', async () => {
  const bytes = new TextEncoder().encode('x'.repeat(200_000) + 'end');
  const request = new Request('http://console/upload', { method: 'POST', body: bytes });
  assert.deepEqual(await readLimitedBody(request, 1024 * 1024), bytes);
  assert.deepEqual(await readLimitedBody(new Request('http://console/upload', { method: 'POST', body: bytes }), bytes.length - 1), null);
});
