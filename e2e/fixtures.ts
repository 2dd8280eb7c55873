import { expect, type Page } from '@playwright/test';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const dataDir = process.env.BULKHEAD_DATA_DIR ?? path.join(__dirname, '..', '.data', 'test');

/** Demo passwords are random per installation; the seed writes them here. */
export function demoPassword(email: string): string {
  const file = path.join(dataDir, 'demo-credentials.json');
  const password = JSON.parse(fs.readFileSync(file, 'utf8')).users?.[email];
  if (!password) throw new Error(`No demo password for ${email} in ${file}`);
  return password;
}

export const demo = {
  platformAdmin: 'admin@bulkhead.local',
  compliance: 'compliance@bulkhead.local',
  northwindMember: 'member@northwind-bank.example',
  northwindAdmin: 'admin@northwind-bank.example',
  stElmAdmin: 'admin@st-elm-health.example',
  claimsAdmin: 'admin@claims-operations.example',
};

export async function signIn(page: Page, email: string, password = demoPassword(email)) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(email, { timeout: 20_000 });
}

/** A fresh internal tenant of its own for one test, written through the platform role; returns its slug. */
export async function createE2eTenant(label: string): Promise<string> {
  const url = process.env.BULKHEAD_PLATFORM_DATABASE_URL;
  if (!url) throw new Error('Database URLs are not set: run the browser tests through npm test');
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO tenants (slug, name, kind) VALUES ($1, $2, 'internal_department')`, [slug, `E2E ${slug}`]);
  } finally {
    await client.end();
  }
  return slug;
}

/** A user of its own with a known password, written through the platform role; a member or admin of `tenantSlug` when given. */
export async function createE2eUser(
  label: string,
  membership?: { tenantSlug: string; role: 'admin' | 'member' },
): Promise<{ email: string; password: string }> {
  const url = process.env.BULKHEAD_PLATFORM_DATABASE_URL;
  if (!url) throw new Error('Database URLs are not set: run the browser tests through npm test');
  const email = `${label}-${randomUUID().slice(0, 8)}@e2e.example`;
  const password = `pw-${randomUUID()}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [
      email,
      label,
      await hash(password),
    ]);
    if (membership) {
      await client.query(`INSERT INTO memberships (tenant_id, user_id, role) SELECT id, $2, $3 FROM tenants WHERE slug = $1`, [
        membership.tenantSlug,
        rows[0].id,
        membership.role,
      ]);
    }
  } finally {
    await client.end();
  }
  return { email, password };
}
