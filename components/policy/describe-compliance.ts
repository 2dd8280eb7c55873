import type { LayerCompliance } from '@/lib/control/assess-compliance';
import { TIER_LABELS } from '@/lib/policy';
import { formatDate } from './format-date';

/** One sentence on a layer's standing, naming the acceptance date that matters. */
export function describeLayerCompliance(compliance: LayerCompliance): string {
  const minimum = TIER_LABELS[compliance.minimum];
  switch (compliance.status) {
    case 'meets_minimum':
      return `Meets its minimum (${minimum}).`;
    case 'risk_accepted':
      return `Below its minimum (${minimum}); risk accepted until ${formatDate(compliance.acceptance.expiresAt)}.`;
    case 'below_minimum':
      if (compliance.problem === 'acceptance_expired') {
        return `Below its minimum (${minimum}); the risk acceptance expired on ${formatDate(compliance.acceptance!.expiresAt)}. Non-compliant.`;
      }
      if (compliance.problem === 'acceptance_too_narrow') {
        return `Below its minimum (${minimum}); the recorded risk acceptance covers a smaller gap than today's. Non-compliant.`;
      }
      return `Below its minimum (${minimum}) with no risk acceptance. Non-compliant.`;
  }
}
