import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { verifyAttestation } from '@/lib/conformance/attestation/verify-attestation';
import { demo, signIn } from './fixtures';

// A compliance officer assigned to Northwind runs the suite against its live placements, watches each
// check complete, and downloads the attestation; a tenant admin of another tenant cannot reach any of it.
test('a compliance officer runs the suite, watches progress, and downloads the PDF and the signed JSON', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, demo.compliance);
  await page.goto('/tenants/northwind-bank/isolation');
  await expect(page.getByRole('heading', { name: 'Isolation evidence' })).toBeVisible();
  await page.getByTestId('run-conformance').click();

  const progress = page.getByTestId('run-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByTestId('run-progress-check')).toHaveCount(13);
  // Progress is shown per check while the run goes on (each check takes a moment).
  await expect(progress.getByTestId('run-progress-check').first()).not.toContainText(/Waiting|Running/, { timeout: 60_000 });
  await expect(page.getByTestId('run-progress')).toHaveCount(0, { timeout: 150_000 });
  const results = page.getByTestId('check-result');
  await expect(results).toHaveCount(13);
  for (const result of await results.all()) expect(await result.getAttribute('data-result'), await result.innerText()).toMatch(/^(pass|not_applicable)$/);
  await expect(page.getByTestId('run-history').getByText('console')).toHaveCount(1);
  await expect(page.getByTestId('attestation-public-key')).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('isolation-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('isolation-390.png'), fullPage: true });

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
  expect(pdf.suggestedFilename()).toMatch(/^bulkhead-attestation-northwind-bank-.*\.pdf$/);
  expect(
    fs
      .readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
  const document = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
  const publicKey = await page.getByTestId('attestation-public-key').innerText();
  expect(verifyAttestation(document, { trustedPublicKey: publicKey })).toEqual({ ok: true, problems: [] });
  expect(document.statement.tenant.slug).toBe('northwind-bank');
  expect(document.statement.run.status).toBe('passed');

  await page.getByTestId('view-attestation').click();
  await expect(page.getByTestId('attestation')).toContainText('Control mapping');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('attestation-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('attestation-390.png'), fullPage: true });
});

test("a tenant admin reads its own evidence without running it, and cannot reach another tenant's (404)", async ({ page }) => {
  await signIn(page, demo.stElmAdmin);
  await page.goto('/tenants/st-elm-health/isolation');
  await expect(page.getByRole('heading', { name: 'Isolation evidence' })).toBeVisible();
  await expect(page.getByTestId('run-conformance')).toHaveCount(0);
  expect((await page.goto('/tenants/northwind-bank/isolation'))?.status()).toBe(404);
  expect((await page.goto('/tenants/northwind-bank/isolation/attestation'))?.status()).toBe(404);
  const download = await page.request.get('/api/tenants/northwind-bank/attestation?format=json');
  expect(download.status()).toBe(404);
  const progress = await page.request.get('/api/tenants/northwind-bank/conformance-runs/00000000-0000-4000-8000-000000000000');
  expect(progress.status()).toBe(404);
});
