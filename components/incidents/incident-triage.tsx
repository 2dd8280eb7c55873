'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';

type TenantBoundAction<Result> = (tenantSlug: string, input: Record<string, unknown>) => Promise<ActionResult<Result>>;

const STATUS_MOVES = {
  open: [
    ['acknowledged', 'Acknowledge'],
    ['resolved', 'Resolve'],
  ],
  acknowledged: [
    ['resolved', 'Resolve'],
    ['open', 'Reopen'],
  ],
  resolved: [['open', 'Reopen']],
} as const;

/**
 * Triage of one incident: status, assignee, notes. Each change names the version this page showed,
 * so a change made meanwhile by someone else is reported (with a way to load it), never overwritten.
 * After a change the page's server data is reloaded: the facts, the timeline and the version.
 */
export function IncidentTriage({
  tenantSlug,
  incident,
  assignees,
  changeStatus,
  assign,
  addNote,
}: {
  tenantSlug: string;
  incident: { id: string; status: keyof typeof STATUS_MOVES; version: number; assigneeId: string | null };
  assignees: { id: string; name: string; email: string }[];
  changeStatus: TenantBoundAction<unknown>;
  assign: TenantBoundAction<unknown>;
  addNote: TenantBoundAction<unknown>;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ tone: 'error' | 'success'; text: string; fieldErrors?: Record<string, string[]> } | null>(null);

  function run(action: TenantBoundAction<unknown>, input: Record<string, unknown>, done: string, onSuccess?: () => void) {
    startTransition(async () => {
      const result = await action(tenantSlug, { incidentId: incident.id, ...input });
      if (result.ok) {
        setOutcome({ tone: 'success', text: done });
        onSuccess?.();
      } else setOutcome({ tone: 'error', text: result.error, fieldErrors: result.fieldErrors });
      router.refresh();
    });
  }

  function submitAssignee(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const assigneeId = String(new FormData(event.currentTarget).get('assigneeId') ?? '');
    run(assign, { assigneeId, expectedVersion: incident.version }, assigneeId ? 'Assigned.' : 'Unassigned.');
  }

  function submitNote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    run(addNote, { note: String(new FormData(form).get('note') ?? '') }, 'Note added.', () => form.reset());
  }

  return (
    <div className="space-y-4" data-testid="incident-triage">
      {outcome && (
        <FormMessage tone={outcome.tone} testId="triage-message">
          {outcome.text}
        </FormMessage>
      )}
      <div className="flex flex-wrap gap-2">
        {STATUS_MOVES[incident.status].map(([status, label]) => (
          <Button
            key={status}
            variant={status === 'resolved' ? 'primary' : 'secondary'}
            disabled={isPending}
            onClick={() => run(changeStatus, { status, expectedVersion: incident.version }, `Status: ${status}.`)}
          >
            {label}
          </Button>
        ))}
      </div>
      {/* Keyed by version: after any change the select shows the incident's assignee as it now is. */}
      <form key={`assignee-${incident.version}`} onSubmit={submitAssignee} className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 text-sm">
          <label htmlFor={`assignee-${incident.id}`}>Assignee</label>
          <select
            id={`assignee-${incident.id}`}
            name="assigneeId"
            defaultValue={incident.assigneeId ?? ''}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="">Nobody</option>
            {assignees.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name} ({person.email})
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary" disabled={isPending}>
          Assign
        </Button>
      </form>
      <form onSubmit={submitNote} className="space-y-2">
        <label className="block text-sm">
          Note
          <textarea name="note" rows={3} maxLength={4000} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
          <FieldError errors={outcome?.fieldErrors} name="note" />
        </label>
        <Button type="submit" disabled={isPending}>
          Add note
        </Button>
      </form>
    </div>
  );
}
