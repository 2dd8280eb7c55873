import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import GlobalError from '../global-error';
import ConsoleError from './error';

// What a person sees when a page fails on the server: a plain message, the reference the server
// logged, a way back. In production Next hands the error page only a digest; the error's own text
// here stands for what must never be shown (SQL, a stack, a tenant's data).
const failure = Object.assign(new Error('relation "tenant_secrets" does not exist at withTenant (lib/tenancy/with-tenant.ts:12)'), { digest: '4082913377' });

for (const [name, page] of [
  ['console error page', ConsoleError],
  ['root error page', GlobalError],
] as const) {
  test(`the ${name} shows the reference and a way back, never the error's text or stack`, () => {
    const html = renderToStaticMarkup(createElement(page, { error: failure, reset: () => {} }));
    assert.ok(html.includes('4082913377'), 'the reference is shown');
    assert.match(html, /href="\/tenants"[^>]*>Back to tenants</);
    assert.ok(html.includes('Try again'));
    assert.ok(!html.includes('tenant_secrets') && !html.includes('with-tenant.ts'), 'nothing of the error itself');
  });
}

test('without a digest the console error page still offers the way back', () => {
  const html = renderToStaticMarkup(createElement(ConsoleError, { error: new Error('boom'), reset: () => {} }));
  assert.ok(!html.includes('Reference') && !html.includes('boom'));
  assert.ok(html.includes('Back to tenants'));
});
