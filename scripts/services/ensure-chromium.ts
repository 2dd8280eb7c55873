import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const chromiumPath = process.env.BULKHEAD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Playwright drives Debian's Chromium (its own browser download cannot work offline).
 * Installs the `chromium` package when it is missing and we are root; otherwise says what to do.
 */
export function ensureChromium(log: (line: string) => void = console.log): void {
  if (fs.existsSync(chromiumPath)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${chromiumPath}. Install Debian's "chromium" package (sudo apt-get install -y chromium) or set BULKHEAD_CHROMIUM.`);
  }
  log('Chromium is missing: installing Debian\'s "chromium" package…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (!fs.existsSync(chromiumPath)) throw new Error(`Installed "chromium" but ${chromiumPath} is still missing.`);
}
