/**
 * `npm run deps`: the dependency picture of docs/architecture.md, from the real imports. Cruises
 * lib/, app/, components/ and instrumentation.ts, leaves tests and test helpers out, and prints each
 * layer of dependency-layers.cjs (highest first) with the layers its code imports.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

interface CruisedModule {
  source: string;
  dependencies: { resolved: string }[];
}

const require = createRequire(__filename);
const repoRoot = path.resolve(__dirname, '..');
const { layers, tests } = require('../dependency-layers.cjs') as { layers: [string, string][]; tests: string };

function findLayer(source: string): string | null {
  return layers.find(([, pattern]) => new RegExp(pattern).test(source))?.[0] ?? null;
}

const output = execFileSync(
  path.join(repoRoot, 'node_modules', '.bin', 'depcruise'),
  ['lib', 'app', 'components', 'instrumentation.ts', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
  { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
);
const modules = (JSON.parse(output) as { modules: CruisedModule[] }).modules;
const isTest = new RegExp(tests);
const imports = new Map<string, Set<string>>(layers.map(([name]) => [name, new Set<string>()]));
for (const cruised of modules) {
  const from = findLayer(cruised.source);
  if (!from || isTest.test(cruised.source)) continue;
  for (const dependency of cruised.dependencies) {
    const to = findLayer(dependency.resolved);
    if (to && to !== from) imports.get(from)!.add(to);
  }
}
const order = layers.map(([name]) => name);
const width = Math.max(...order.map((name) => name.length));
for (const name of [...order].reverse()) {
  const targets = [...imports.get(name)!].sort((a, b) => order.indexOf(b) - order.indexOf(a));
  console.log(`${name.padEnd(width)} → ${targets.join(', ') || '(nothing)'}`);
}
