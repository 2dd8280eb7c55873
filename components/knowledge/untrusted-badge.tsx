import { Badge } from '@/components/ui/badge';

/** Shown on documents and chunks flagged for instruction-like content; the reasons go in the tooltip. */
export function UntrustedBadge({ reasons = [], label = 'Untrusted: instruction-like text' }: { reasons?: readonly string[]; label?: string }) {
  return (
    <span title={reasons.join('\n') || undefined} data-testid="untrusted-flag">
      <Badge tone="warn">{label}</Badge>
    </span>
  );
}
