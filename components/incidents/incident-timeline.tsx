import type { IncidentActivityView } from '@/lib/control/incidents/get-incident';
import { formatIncidentTime } from './incident-labels';

function describe(entry: IncidentActivityView): string {
  if (entry.kind === 'status') return `changed the status from ${entry.before} to ${entry.after}`;
  if (entry.kind === 'note') return 'added a note';
  if (entry.after === null) return `unassigned it (was ${entry.before})`;
  return `assigned it to ${entry.after}`;
}

/** What happened to the incident, oldest first: its opening, then every status change, assignment and note. */
export function IncidentTimeline({ openedAt, activity }: { openedAt: string; activity: IncidentActivityView[] }) {
  return (
    <ol className="space-y-3 border-l border-slate-200 pl-4" data-testid="incident-timeline">
      <li className="text-sm">
        <p className="text-xs text-slate-500">{formatIncidentTime(openedAt)}</p>
        <p>Opened by the gateway.</p>
      </li>
      {activity.map((entry) => (
        <li key={entry.id} className="text-sm" data-testid={`timeline-${entry.kind}`}>
          <p className="text-xs text-slate-500">{formatIncidentTime(entry.at)}</p>
          <p className="break-words">
            <span className="font-medium">{entry.actor}</span> {describe(entry)}.
          </p>
          {entry.note && <p className="mt-1 whitespace-pre-wrap break-words rounded-md bg-slate-50 px-3 py-2 text-slate-800">{entry.note}</p>}
        </li>
      ))}
    </ol>
  );
}
