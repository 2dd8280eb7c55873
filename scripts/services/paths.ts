import path from 'node:path';

/** The repository root, whichever script or test imports this. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Everything local and generated at run time lives under .data/ (git-ignored). */
export const dataDir = process.env.BULKHEAD_DATA_DIR ? path.resolve(process.env.BULKHEAD_DATA_DIR) : path.join(repoRoot, '.data');
