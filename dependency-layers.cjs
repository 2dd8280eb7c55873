/**
 * The layers of lib/, lowest first, as path patterns: .dependency-cruiser.cjs forbids every import
 * from a layer to one after it, and scripts/print-dependencies.ts draws docs/architecture.md's
 * dependency picture from them.
 */
const layers = [
  ['base', '^lib/(errors|env|server-only-outside-next)[.]ts$|^lib/(log|http|db|generated|metrics)/'],
  ['policy', '^lib/policy/'],
  ['tenancy', '^lib/tenancy/'],
  ['canaries', '^lib/canaries/'],
  ['screening', '^lib/screening/'],
  ['kms', '^lib/kms/'],
  ['placement', '^lib/placement/'],
  ['audit', '^lib/audit/(?!viewer/|api/)'],
  ['auth', '^lib/auth/'],
  ['control', '^lib/control/'],
  ['prompts', '^lib/prompts/'],
  ['retrieval', '^lib/retrieval/'],
  ['audit-console', '^lib/audit/(viewer|api)/'],
  ['actions', '^lib/actions/'],
  ['enforcement', '^lib/enforcement/'],
  ['console', '^(app|components)/|^(instrumentation|proxy)[.]ts$'],
];

/** Tests and test helpers, which may reach across layers. */
const tests = '[.]test[.]tsx?$|[.]spec[.]ts$|/testing/|test-helpers[.]ts$|test-fixtures[.]ts$|lifecycle-test-helpers[.]ts$|test-kms[.]ts$|^lib/testing/';

module.exports = { layers, tests };
