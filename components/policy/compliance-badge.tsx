import { Badge } from '@/components/ui/badge';

export function ComplianceBadge({ isCompliant }: { isCompliant: boolean }) {
  return (
    <span data-testid="compliance-badge" data-compliant={isCompliant}>
      <Badge tone={isCompliant ? 'good' : 'bad'}>{isCompliant ? 'Compliant' : 'Non-compliant'}</Badge>
    </span>
  );
}
