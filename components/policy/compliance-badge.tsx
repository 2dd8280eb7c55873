import { Badge } from '@/components/ui/badge';

/** Compliant, compliant only because a risk acceptance covers a layer below its minimum, or not compliant. */
export function ComplianceBadge({ isCompliant, isRiskAccepted = false }: { isCompliant: boolean; isRiskAccepted?: boolean }) {
  const isUnderAcceptance = isCompliant && isRiskAccepted;
  return (
    <span data-testid="compliance-badge" data-compliant={isCompliant} data-risk-accepted={isUnderAcceptance}>
      <Badge tone={!isCompliant ? 'bad' : isUnderAcceptance ? 'warn' : 'good'}>
        {!isCompliant ? 'Non-compliant' : isUnderAcceptance ? 'Compliant under risk acceptance' : 'Compliant'}
      </Badge>
    </span>
  );
}
