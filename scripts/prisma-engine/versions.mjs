// The stand-in mimics one engine protocol and works around bugs of one adapter release.
// A different version may change either, so refuse to run until someone re-verifies it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** The exact versions `schema-engine.db.test.ts` was run against. */
export const TESTED_VERSIONS = {
  prisma: '7.10.1',
  '@prisma/adapter-pg': '7.10.1',
  '@prisma/schema-engine-wasm': '8.1.0-2.59be4fda12412a79eeb9c2ae727b6aa723593323',
  '@prisma/driver-adapter-utils': '7.10.1',
};

const require = createRequire(import.meta.url);

/** Returns the version of the package that Node would resolve from this folder, or null when absent. */
export function getInstalledVersion(packageName) {
  // Read package.json directly: some of these packages do not export it.
  for (const directory of require.resolve.paths(packageName) ?? []) {
    const manifest = path.join(directory, packageName, 'package.json');
    if (fs.existsSync(manifest)) return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
  }
  return null;
}

/** Lists every package whose installed version differs from the tested one. */
export function findVersionMismatches() {
  return Object.entries(TESTED_VERSIONS)
    .map(([name, expected]) => ({ name, expected, installed: getInstalledVersion(name) }))
    .filter(({ expected, installed }) => installed !== expected);
}

/** Builds the refusal message, or null when every version matches. */
export function describeVersionMismatches(mismatches) {
  if (mismatches.length === 0) return null;
  const lines = mismatches.map(({ name, expected, installed }) => `  ${name}: tested ${expected}, installed ${installed ?? 'none'}`);
  return [
    'The offline schema engine (scripts/prisma-engine) refuses to start: installed versions differ from the tested ones.',
    ...lines,
    'Re-run scripts/prisma-engine/schema-engine.db.test.ts against the new versions, re-check the adapter bugs in',
    'scripts/prisma-engine/adapter-fixes.mjs, then update TESTED_VERSIONS in scripts/prisma-engine/versions.mjs.',
  ].join('\n');
}
