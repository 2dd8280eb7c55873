'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { VersionState } from '@/lib/prompts/find-prompt-versions';
import { Table } from '@/components/ui/table';

type VersionAction = (tenantSlug: string, input: unknown) => Promise<ActionResult<{ version: number }>>;

export interface VersionRow {
  id: string;
  version: number;
  state: VersionState;
  model: string;
  temperature: number;
  maxTokens: number;
  createdAt: string;
  activatedAt: string | null;
}

interface VersionListProps {
  tenantSlug: string;
  configId: string;
  versions: VersionRow[];
  canRollback: boolean;
  actions: { activate: VersionAction; rollback: VersionAction };
}

const stateTone = { active: 'good', draft: 'info', archived: 'neutral' } as const;
const formatTime = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');

/** The versions, newest first: activate any draft or archived one, roll back, compare with the live one. */
export function VersionList({ tenantSlug, configId, versions, canRollback, actions }: VersionListProps) {
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();
  const live = versions.find((version) => version.state === 'active');

  function run(action: VersionAction, input: object, done: (version: number) => string) {
    startTransition(async () => {
      const result = await action(tenantSlug, { configId, ...input });
      setMessage(result.ok ? { tone: 'success', text: done(result.data.version) } : { tone: 'error', text: result.error });
    });
  }

  return (
    <div className="space-y-3">
      {canRollback && (
        <Button
          type="button"
          variant="secondary"
          disabled={isPending}
          onClick={() => run(actions.rollback, {}, (version) => `Rolled back: version ${version} is live again.`)}
        >
          Roll back to the previous live version
        </Button>
      )}
      {message && (
        <FormMessage tone={message.tone} testId="version-message">
          {message.text}
        </FormMessage>
      )}
      <Table
        columns={[{ label: 'Version', className: 'py-2' }, 'State', 'Model', 'Temp.', 'Max tokens', 'Created', 'Last live', '']}
        headClassName="text-xs uppercase text-slate-500"
        bodyClassName="divide-y divide-slate-100"
        testId="prompt-versions"
      >
        {versions.map((version) => (
          <tr key={version.id} data-testid={`version-row-${version.version}`}>
            <td className="py-2 font-mono">v{version.version}</td>
            <td>
              <Badge tone={stateTone[version.state]}>{version.state}</Badge>
            </td>
            <td>{version.model}</td>
            <td>{version.temperature}</td>
            <td>{version.maxTokens}</td>
            <td>{formatTime(version.createdAt)}</td>
            <td>{formatTime(version.activatedAt)}</td>
            <td className="space-x-2 text-right">
              {live && live.id !== version.id && (
                <Link className="text-indigo-700 hover:underline" href={`?from=${live.version}&to=${version.version}#diff`}>
                  Diff with live
                </Link>
              )}
              {version.state !== 'active' && (
                <Button
                  type="button"
                  disabled={isPending}
                  onClick={() => run(actions.activate, { versionId: version.id }, (number) => `Version ${number} is live.`)}
                >
                  Activate
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
