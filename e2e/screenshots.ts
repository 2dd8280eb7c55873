import type { Page, TestInfo } from '@playwright/test';

/** With BULKHEAD_E2E_SCREENSHOTS=1, full-page screenshots at a desktop's and a phone's width, kept in the test output. */
export async function keepScreenshots(page: Page, testInfo: TestInfo, name: string) {
  if (!process.env.BULKHEAD_E2E_SCREENSHOTS) return;
  testInfo.setTimeout(testInfo.timeout + 60_000);
  const original = page.viewportSize();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(300); // charts re-measure their container on resize
    await page.screenshot({ path: testInfo.outputPath(`${width}-${name}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
