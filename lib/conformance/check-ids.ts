import 'server-only';
/** The ids of every check, importable without the checks themselves (pure code, tests, the verifier). */
export const CONFORMANCE_CHECK_IDS: readonly string[] = [
  'database.cross_tenant_read',
  'database.no_context',
  'database.rls_catalog',
  'database.role_power',
  'database.foreign_schema',
  'database.foreign_database',
  'keys.cross_open',
  'keys.state',
  'context.foreign_canary',
  'context.prefix_cache',
  'retrieval.cross_query',
  'logs.foreign_view',
  'logs.chain_verify',
];
