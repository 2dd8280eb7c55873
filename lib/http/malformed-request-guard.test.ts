import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ACTION_BODY_BYTES, refuseMalformedRequest } from './malformed-request-guard';

const origin = 'http://console.test';
function actionCall(body: BodyInit | null, headers: Record<string, string> = {}, path = '/tenants/acme/keys'): Request {
  return new Request(`${origin}${path}`, {
    method: 'POST',
    headers: { host: 'console.test', origin, 'next-action': '7f'.repeat(21), 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}
async function statusOf(request: Request): Promise<number | null> {
  return (await refuseMalformedRequest(request))?.status ?? null;
}

describe('the console proxy refuses what Next.js would answer with a 500', () => {
  test("what the console's own pages send passes: a page, an action's JSON arguments, a form's multipart arguments", async () => {
    assert.equal(await statusOf(new Request(`${origin}/tenants/acme/keys`)), null);
    assert.equal(await statusOf(actionCall('["acme",{"name":"Support"}]')), null);
    const form = new FormData();
    form.append('0', '[null,"$K1"]');
    form.append('1_email', 'a@example.com');
    const multipart = new Request(`${origin}/login`, { method: 'POST', headers: { host: 'console.test', origin, 'next-action': '7f'.repeat(21) }, body: form });
    assert.equal(await statusOf(multipart), null);
  });

  test('an address too long to echo in a redirect: 414', async () => {
    assert.equal(await statusOf(new Request(`${origin}/tenants/${'%78'.repeat(2000)}/keys`)), 414);
  });

  test('a path that does not percent-decode: 400', async () => {
    assert.equal(await statusOf(new Request(`${origin}/tenants/%ff%fe/keys`)), 400);
    assert.equal(await statusOf(new Request(`${origin}/api/v1/chat/completions/%`)), 400);
  });

  test('a path parameter (a semicolon): 400', async () => {
    assert.equal(await statusOf(new Request(`${origin}/api/v1/models/;param`, { method: 'POST' })), 400);
    assert.equal(await statusOf(new Request(`${origin}/tenants/acme;x/keys`)), 400);
  });

  test('an action call from another site: 403; the wrong content type: 415', async () => {
    assert.equal(await statusOf(actionCall('[]', { origin: 'https://evil.example' })), 403);
    assert.equal(await statusOf(actionCall('[]', { origin: 'not a url' })), 403);
    assert.equal(await statusOf(actionCall('[]', { 'content-type': 'application/json' })), 415);
  });

  test('over 1 MB, declared or counted while streaming: 413', async () => {
    assert.equal(await statusOf(actionCall('[]', { 'content-length': String(MAX_ACTION_BODY_BYTES + 1) })), 413);
    const chunk = new Uint8Array(256 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    assert.equal(await statusOf(actionCall(stream)), 413);
  });

  test('arguments that are not decodable, and broken multipart: 400 with the reason', async () => {
    for (const body of ['', 'null', '{"a":', '["$1"]', new Uint8Array([0x5b, 0xff, 0xfe, 0x5d])]) {
      const refused = await refuseMalformedRequest(actionCall(body));
      assert.equal(refused?.status, 400, String(body));
      assert.match((await refused!.json()).error, /^(The|An) /);
    }
    assert.equal(await statusOf(actionCall('--x\r\nbroken', { 'content-type': 'multipart/form-data; boundary=x' })), 400);
  });
});
