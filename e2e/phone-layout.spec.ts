import { expect, test, type Page } from '@playwright/test';
import { demo, signIn } from './fixtures';

// Every page each role can reach, at a phone's width (390 px) and at a desktop's (1440 px): the page
// never scrolls sideways (wide tables scroll inside their own box). BULKHEAD_E2E_SCREENSHOTS=1 keeps a
// full-page screenshot of each in the test output for a person to look at.

const roles = {
  'platform admin': demo.platformAdmin,
  'compliance officer': demo.compliance,
  'tenant admin': demo.northwindAdmin,
  member: demo.northwindMember,
};

async function hrefsIn(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
}

/** The console's own pages this principal is offered: the sidebar, one tenant's tabs, and one detail page of each kind. */
async function reachablePages(page: Page) {
  const pages = new Set(await hrefsIn(page, 'nav[aria-label="Console"] a'));
  await page.goto('/tenants');
  const tenantLink = page.getByTestId('tenant-table').getByRole('link').first();
  if (await tenantLink.count()) {
    await page.goto((await tenantLink.getAttribute('href'))!);
    for (const href of await hrefsIn(page, 'nav[aria-label="Tenant"] a')) pages.add(href);
  }
  for (const [section, detail] of [
    ['prompts', /\/prompts\/[^/]+$/],
    ['knowledge', /\/knowledge\/[^/]+$/],
    ['incidents', /\/incidents\/[0-9a-f-]{36}$/],
  ] as const) {
    const listPage = [...pages].find((path) => path.endsWith(`/${section}`));
    if (!listPage) continue;
    await page.goto(listPage);
    const details = (await hrefsIn(page, 'main a')).filter((path) => detail.test(path) && !path.endsWith('/upload'));
    if (details[0]) pages.add(details[0]);
  }
  return [...pages];
}

async function pageWidth(page: Page) {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

/** The elements sticking out past the right edge that no scrolling ancestor clips: what to fix when the page is too wide. */
async function findOverflowing(page: Page) {
  return page.evaluate(() => {
    const isClipped = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    return [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 && !isClipped(element))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${(element.textContent ?? '').slice(0, 40)}"`);
  });
}

for (const [role, email] of Object.entries(roles)) {
  test(`no page scrolls sideways at 390 or 1440 px wide for a ${role}`, async ({ page }, testInfo) => {
    test.setTimeout(360_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, email);
    const pages = await reachablePages(page);
    expect(pages.length).toBeGreaterThan(1);
    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const path of pages) {
        await page.goto(path);
        // Also waits out a redirect (the Playground entry goes on to a tenant's playground).
        await expect.soft(page, `title of ${path}`).toHaveTitle(/. · Bulkhead$/);
        await page.waitForLoadState('networkidle');
        const scrollWidth = await pageWidth(page);
        expect.soft(scrollWidth, `${path} at ${width} px: ${scrollWidth > width ? (await findOverflowing(page)).join(' | ') : ''}`).toBeLessThanOrEqual(width);
        if (process.env.BULKHEAD_E2E_SCREENSHOTS) {
          const name = `${role}${path}`.replace(/[^a-z0-9]+/gi, '-');
          await page.screenshot({ path: testInfo.outputPath(`${width}-${name}.png`), fullPage: true });
        }
      }
    }
  });
}

test('on a phone the navigation opens from the Menu button and closes after a choice', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, demo.platformAdmin);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Model endpoints' }).click();
  await expect(page.getByRole('heading', { name: 'Model endpoints', level: 1 })).toBeVisible();
  await expect(nav).toBeHidden();
});
