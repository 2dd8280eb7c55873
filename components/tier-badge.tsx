import { TIER_LABELS, type Tier } from '@/lib/policy';
import { Badge } from './ui/badge';

const tierTone = { namespace: 'neutral', schema_kms: 'info', dedicated: 'good' } as const;

export function TierBadge({ tier }: { tier: Tier }) {
  return <Badge tone={tierTone[tier]}>{TIER_LABELS[tier]}</Badge>;
}
