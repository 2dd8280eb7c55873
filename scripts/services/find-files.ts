import fs from 'node:fs';
import path from 'node:path';

const skippedDirectories = new Set(['node_modules', '.next', '.data', '.git', 'generated', 'test-results', 'playwright-report']);

/** Files under `roots` whose names end with one of `suffixes` (Node 20's test runner takes no globs). */
export function findFiles(repoRoot: string, roots: string[], suffixes: string[]): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    if (!fs.existsSync(directory)) return;
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name)) walk(path.join(directory, entry.name));
      } else if (suffixes.some((suffix) => entry.name.endsWith(suffix))) {
        found.push(path.relative(repoRoot, path.join(directory, entry.name)));
      }
    }
  };
  for (const root of roots) walk(path.join(repoRoot, root));
  return found.sort();
}
