// Bundles the document-parsing worker thread's entry (lib/retrieval/ingest/parse-document-worker.ts)
// into one ES module the console's server loads at run time: Turbopack bundles the server but not
// an entry handed to `new Worker`, and Node 20 cannot run TypeScript. next.config.js calls this when
// a build or the dev server starts; unpdf stays a package of its own, loaded by the worker.
const path = require('node:path');
const esbuild = require('esbuild');

const repoRoot = path.join(__dirname, '..');
const PARSE_WORKER_BUNDLE = 'lib/generated/workers/parse-document-worker.mjs';

function bundleParseWorker() {
  esbuild.buildSync({
    entryPoints: [path.join(repoRoot, 'lib/retrieval/ingest/parse-document-worker.ts')],
    outfile: path.join(repoRoot, PARSE_WORKER_BUNDLE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['unpdf'],
    alias: { 'server-only': path.join(repoRoot, 'lib/server-only-outside-next.ts') },
    tsconfig: path.join(repoRoot, 'tsconfig.json'),
    logLevel: 'warning',
  });
}

module.exports = { bundleParseWorker, PARSE_WORKER_BUNDLE };
