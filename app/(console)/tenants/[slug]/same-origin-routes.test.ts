import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { serveWebHandler } from '@/lib/gateway/node-io';
import { serveOnLoopback } from '@/lib/enforcement/testing/gateway-harness';

// The console's cookie-authenticated POST routes over real HTTP: a request whose Origin is another
// site, with an X-Forwarded-Host forged to match it, is refused before anything else happens.
describe('same-origin checks of cookie-authenticated routes', () => {
  let served: Awaited<ReturnType<typeof serveOnLoopback>>;
  let base: string;

  before(async () => {
    const playground = await import('./playground/chat/route');
    const upload = await import('./knowledge/upload/route');
    const exportLog = await import('./logs/export/route');
    const params = { params: Promise.resolve({ slug: 'some-tenant' }) };
    const routes: Record<string, ReturnType<typeof serveWebHandler>> = {
      '/playground': serveWebHandler((request) => playground.POST(request, params)),
      '/upload': serveWebHandler((request) => upload.POST(request, params)),
      '/export': serveWebHandler((request) => exportLog.POST(request, params)),
    };
    served = await serveOnLoopback((incoming, outgoing) => void routes[incoming.url ?? '']?.(incoming, outgoing));
    base = served.url;
  });
  after(() => served.shutdown());

  const post = (path: string, extra: Record<string, string>) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...extra }, body: 'format=jsonl' });

  for (const path of ['/playground', '/upload', '/export']) {
    test(`${path}: a forged X-Forwarded-Host matching a foreign Origin is refused with 403`, async () => {
      const response = await post(path, { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' });
      assert.equal(response.status, 403);
      assert.match(await response.text(), /Cross-site/);
    });

    test(`${path}: positive control: from the console's own origin the check passes and the route goes on to authentication`, async () => {
      const response = await post(path, { origin: base });
      assert.notEqual(response.status, 403);
      assert.doesNotMatch(await response.text(), /Cross-site/);
    });
  }
});
