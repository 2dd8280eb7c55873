// Maps the CLI's JSON-RPC methods onto the WASM engine, where the two disagree.
import { writeLog } from './logger.mjs';

export class UnsupportedMethodError extends Error {}

// Same name, same parameters on both sides.
const PASS_THROUGH = [
  'dbExecute',
  'debugPanic',
  'diagnoseMigrationHistory',
  'ensureConnectionValidity',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'reset',
  'schemaPush',
];

// Methods after which the database may hold a different set of applied migrations.
const CHANGES_APPLIED_MIGRATIONS = new Set(['dbExecute', 'markMigrationApplied', 'markMigrationRolledBack', 'reset', 'schemaPush']);

/**
 * Returns the request handler for one engine process.
 * @param {{ getEngine: () => Promise<object>, callClient: (method: string, params: unknown) => Promise<unknown> }} options
 */
export function createRequestHandler({ getEngine, callClient }) {
  // The WASM engine has no shadow database of its own for evaluateDataLoss and createMigration: they
  // only find the schema of the migrations in a cache that devDiagnostic fills, keyed by the migrations
  // *applied to the database* at that moment. So diagnose again whenever that set may have changed
  // (e.g. `migrate dev` applies pending migrations between the two calls), or the engine fails with
  // "PostgreSQL shadow DB must be provided through an external factory".
  let isDiagnosisCurrent = false;

  const diagnose = async (engine, params) => {
    const output = await engine.devDiagnostic(params);
    isDiagnosisCurrent = true;
    return output;
  };
  const diagnoseThen = (method) => async (engine, params) => {
    if (!isDiagnosisCurrent) await diagnose(engine, { migrationsList: params.migrationsList, filters: params.filters });
    return engine[method](params);
  };

  const handlers = {
    getDatabaseVersion: (engine, params) => engine.version(params ?? undefined),
    devDiagnostic: diagnose,
    evaluateDataLoss: diagnoseThen('evaluateDataLoss'),
    createMigration: diagnoseThen('createMigration'),
    applyMigrations: async (engine, params) => {
      const output = await engine.applyMigrations(params);
      if (output.appliedMigrationNames.length > 0) isDiagnosisCurrent = false;
      return output;
    },
    // The binary prints the diff through the CLI (a `print` request) rather than returning it.
    diff: async (engine, params) => {
      const { stdout, ...result } = await engine.diff(params);
      if (stdout) await callClient('print', { content: stdout.replace(/\n$/, '') });
      return result;
    },
    introspect: (engine, params) => engine.introspect({ ...params, namespaces: params.namespaces ?? null }),
  };
  for (const method of PASS_THROUGH) handlers[method] = (engine, params) => engine[method](params);

  return async (method, params) => {
    const handler = handlers[method];
    if (!handler) throw new UnsupportedMethodError(`The offline schema engine does not implement \`${method}\`.`);
    writeLog('INFO', `rpc ${method}`);
    const engine = await getEngine();
    if (CHANGES_APPLIED_MIGRATIONS.has(method)) isDiagnosisCurrent = false;
    return handler(engine, params);
  };
}
