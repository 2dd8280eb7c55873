import 'server-only';
import type { CheckRecord } from '../types';
import { CONTROL_MAPPING } from './control-mapping';
import type { TenantAttestationStatement } from './attestation-types';

/**
 * Each mapped control with the results of its checks in the run: supported when every applicable
 * check passed (and at least one applied), not supported when any failed or could not be carried
 * out, no evidence when none applied or there is no run.
 */
export function mapControls(records: readonly CheckRecord[] | null): TenantAttestationStatement['controls'] {
  const byId = new Map((records ?? []).map((record) => [record.checkId, record.result]));
  return CONTROL_MAPPING.map((row) => {
    const checks = row.checks.map((id) => ({ id, result: byId.get(id) ?? 'not_run' }));
    const applied = checks.filter((check) => check.result !== 'not_applicable' && check.result !== 'not_run');
    const status = applied.some((check) => check.result !== 'pass') ? 'not_supported' : applied.length > 0 ? 'supported' : 'no_evidence';
    return { framework: row.framework, control: row.control, title: row.title, checks, status, outOfScope: row.outOfScope };
  });
}
