import { Badge } from './ui/badge';

const tierTone = { namespace: 'neutral', schema_kms: 'info', dedicated: 'good' } as const;
const tierLabel = { namespace: 'namespace', schema_kms: 'schema + KMS', dedicated: 'dedicated' } as const;

export function TierBadge({ tier }: { tier: keyof typeof tierTone }) {
  return <Badge tone={tierTone[tier]}>{tierLabel[tier]}</Badge>;
}
