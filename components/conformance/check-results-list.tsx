import type { CheckRecord } from '@/lib/conformance/types';
import { CheckResultBadge } from './check-result-badge';

export const LAYER_LABELS: Record<string, string> = {
  database: 'Database',
  keys: 'Keys',
  context_cache: 'Context and cache',
  retrieval: 'Retrieval',
  logs: 'Logs',
};

/** Each check of a run as a questionnaire would quote it: the attack, what was expected and observed, the positive control. */
export function CheckResultsList({ records }: { records: readonly CheckRecord[] }) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="check-results">
      {records.map((record) => (
        <li key={record.checkId} className="py-3" data-testid="check-result" data-check={record.checkId} data-result={record.result}>
          <div className="flex flex-wrap items-center gap-2">
            <CheckResultBadge result={record.result} />
            <code className="text-sm font-medium text-slate-900">{record.checkId}</code>
            <span className="text-xs text-slate-500">
              {LAYER_LABELS[record.layer] ?? record.layer} · {record.durationMs} ms
            </span>
          </div>
          <dl className="mt-2 grid grid-cols-[minmax(0,1fr)] gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_minmax(0,1fr)] [&_dd]:[overflow-wrap:anywhere]">
            <dt className="text-slate-500">Attacked</dt>
            <dd className="text-slate-800">{record.attacked}</dd>
            <dt className="text-slate-500">Expected</dt>
            <dd className="text-slate-800">{record.expected}</dd>
            <dt className="text-slate-500">Observed</dt>
            <dd className="text-slate-800">{record.observed}</dd>
            <dt className="text-slate-500">Positive control</dt>
            <dd className="text-slate-800">
              <span className="font-medium">{record.controlResult === 'pass' ? 'detected' : record.controlResult === 'fail' ? 'NOT detected' : 'n/a'}</span> ·{' '}
              {record.controlObserved}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
