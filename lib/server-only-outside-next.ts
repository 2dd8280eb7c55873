// Stands in for the `server-only` package outside Next.js (tsx for tests and scripts, tsc,
// Playwright), through the path mapping in tsconfig.json. The package throws unless it is resolved
// under React's `react-server` condition, which only Next's server bundles use; Next itself maps
// `server-only` per bundle and fails the build when a client component reaches a module importing it.
export {};
