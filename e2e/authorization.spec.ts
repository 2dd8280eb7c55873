import { expect, test, type APIRequestContext } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { demo, signIn } from './fixtures';

// Every server action is a public endpoint. This enumerates all of them from the build's
// server-reference manifest and calls each one directly over HTTP, the way an attacker would,
// as a Northwind member aimed at St. Elm, and anonymously.

const repoRoot = path.join(__dirname, '..');
// The one-time link actions are authorized by the link's token alone (a visitor has no session).
const publicActions = new Set([
  'signInWithPassword',
  'signOutAction',
  'ssoSignInAction',
  'acceptInvitationAction',
  'acceptInvitationWithSsoAction',
  'resetPasswordAction',
]);
// Any signed-in user may act on their own account (sessions); such an action names no tenant.
const ownAccountActions = new Set(['revokeOwnSessionAction']);

interface ActionEntry {
  id: string;
  exportedName: string;
  filename: string;
  page: string;
}

function listServerActions(): ActionEntry[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(repoRoot, process.env.BULKHEAD_NEXT_DIST_DIR || '.next', 'server/server-reference-manifest.json'), 'utf8'),
  );
  return Object.entries<{ workers: Record<string, unknown>; exportedName?: string; filename?: string }>(manifest.node ?? {}).map(([id, entry]) => ({
    id,
    exportedName: entry.exportedName ?? '',
    filename: entry.filename ?? '',
    page: Object.keys(entry.workers)[0] ?? 'app/page',
  }));
}

function pagePathFor(worker: string): string {
  // 'app/(console)/tenants/[slug]/page' → '/tenants/st-elm-health'
  const route = worker
    .replace(/^app/, '')
    .replace(/\/page$/, '')
    .replace(/\/\([^)]+\)/g, '')
    .replace('[slug]', 'st-elm-health');
  return route || '/';
}

async function callAction(request: APIRequestContext, action: ActionEntry, args: unknown[]) {
  const response = await request.post(pagePathFor(action.page), {
    headers: { 'Next-Action': action.id, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

const actions = listServerActions().filter((action) => !publicActions.has(action.exportedName));

test('the manifest lists the server actions (the harness is looking at something)', () => {
  const all = listServerActions();
  expect(all.length).toBeGreaterThan(0);
  // Without protected actions the two sweeps below would pass vacuously.
  expect(actions.length).toBeGreaterThan(0);
  expect(all.every((action) => action.exportedName)).toBe(true);
});

test('no tenant action acts for a Northwind member on St. Elm', async ({ page }) => {
  await signIn(page, demo.northwindMember);
  for (const action of actions.filter((candidate) => !ownAccountActions.has(candidate.exportedName))) {
    const { body } = await callAction(page.request, action, ['st-elm-health', {}]);
    expect(body, `${action.filename}#${action.exportedName}`).not.toContain('"ok":true');
    expect(body, `${action.filename}#${action.exportedName}`).toMatch(/"ok":false,"error":"(Not found|Only platform admins can do that\.)"/);
  }
});

test('no server action acts for an anonymous caller', async ({ request }) => {
  for (const action of actions) {
    const { body } = await callAction(request, action, ['northwind-bank', {}]);
    expect(body, `${action.filename}#${action.exportedName}`).not.toContain('"ok":true');
    expect(body, `${action.filename}#${action.exportedName}`).toContain('Sign in to continue.');
  }
});

test('tenant pages answer 404 to a member of another tenant', async ({ page }) => {
  await signIn(page, demo.northwindMember);
  const pages = listTenantPages();
  expect(pages.length).toBeGreaterThan(0);
  for (const route of pages) {
    const response = await page.request.get(route.replace('[slug]', 'st-elm-health'), { maxRedirects: 0 });
    expect(response.status(), route).toBe(404);
  }
});

function listTenantPages(): string[] {
  const root = path.join(repoRoot, 'app/(console)/tenants/[slug]');
  const routes: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}/${entry.name}`);
      else if (entry.name === 'page.tsx') routes.push(`/tenants/[slug]${prefix}`);
    }
  };
  walk(root, '');
  return routes;
}
