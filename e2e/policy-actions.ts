import type { APIRequestContext } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

// Calls a server action over HTTP the way any client could, bypassing the UI, to prove the server
// itself refuses (the action id comes from the build's server-reference manifest).

const manifestFile = () => path.join(__dirname, '..', process.env.BULKHEAD_NEXT_DIST_DIR || '.next', 'server/server-reference-manifest.json');

export function findActionId(exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(manifestFile(), 'utf8'));
  const entry = Object.entries<{ exportedName?: string }>(manifest.node ?? {}).find(([, value]) => value.exportedName === exportedName);
  if (!entry) throw new Error(`No server action named ${exportedName} in the build`);
  return entry[0];
}

/** Posts the action with its arguments to `pagePath`; returns the raw RSC response text (it embeds the ActionResult JSON). */
export async function callServerAction(request: APIRequestContext, pagePath: string, exportedName: string, args: unknown[]): Promise<string> {
  const response = await request.post(pagePath, {
    headers: { 'Next-Action': findActionId(exportedName), 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return response.text();
}
