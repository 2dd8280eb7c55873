import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

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
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(email, { timeout: 20_000 });
}
