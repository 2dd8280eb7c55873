import { Badge } from '@/components/ui/badge';

const RESULT_TONES = { pass: 'good', fail: 'bad', error: 'bad', not_applicable: 'neutral', pending: 'neutral', running: 'info' } as const;
const RESULT_LABELS = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Not carried out',
  not_applicable: 'Not applicable',
  pending: 'Waiting',
  running: 'Running',
} as const;

export type DisplayedResult = keyof typeof RESULT_TONES;

export function CheckResultBadge({ result }: { result: DisplayedResult }) {
  return <Badge tone={RESULT_TONES[result]}>{RESULT_LABELS[result]}</Badge>;
}

const RUN_TONES = { passed: 'good', failed: 'bad', error: 'warn', running: 'info' } as const;

export function RunStatusBadge({ status }: { status: keyof typeof RUN_TONES }) {
  return <Badge tone={RUN_TONES[status]}>{status === 'error' ? 'incomplete' : status}</Badge>;
}
