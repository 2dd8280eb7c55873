'use client';

import { useActionState, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import { API_KEY_SCOPE_LABELS, API_KEY_SCOPES, type ApiKeyScope } from '@/lib/auth/api-keys/api-key-scope';
import type { ApiKeySummary } from '@/lib/auth/api-keys/manage-api-keys';
import { Table } from '@/components/ui/table';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { CopyButton } from '@/components/ui/copy-button';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

interface ApiKeysPanelProps {
  tenantSlug: string;
  keys: ApiKeySummary[];
  actions: {
    create: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ id: string; name: string; prefix: string; scope: ApiKeyScope; secret: string }>>;
    revoke: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ keyId: string }>>;
  };
}

const formatTime = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '—');

/**
 * Tenant API keys: create with a scope (inference or audit-log read; the secret is shown once), list by
 * prefix and scope, revoke (effective at once).
 */
export function ApiKeysPanel({ tenantSlug, keys, actions }: ApiKeysPanelProps) {
  const [created, createAction, isCreating] = useActionState(
    async (_previous: Awaited<ReturnType<ApiKeysPanelProps['actions']['create']>> | null, form: FormData) =>
      actions.create(tenantSlug, { name: form.get('name'), scope: form.get('scope') }),
    null,
  );
  const [revokeError, setRevokeError] = useState<string | null>(null);

  async function revoke(keyId: string) {
    const result = await actions.revoke(tenantSlug, { keyId });
    setRevokeError(result.ok ? null : result.error);
  }

  return (
    <Card title="API keys">
      <div className="space-y-4" data-testid="api-keys-panel">
        <p className="text-sm text-slate-700">
          Keys authenticate machine clients for this tenant only; only a hash is stored. An inference key calls{' '}
          <code className="font-mono text-xs">POST /api/v1/chat/completions</code>; an audit key only reads this tenant&apos;s audit log through{' '}
          <code className="font-mono text-xs">GET /api/v1/audit/events</code>. Neither can do the other&apos;s job.
        </p>
        <form onSubmit={submitWithoutReset(createAction)} className="flex flex-wrap items-end gap-3" noValidate>
          <label className="text-sm">
            <span className="block text-slate-600">Key name</span>
            <input name="name" maxLength={80} className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm" placeholder="claims-bot" />
            <FieldError errors={created && !created.ok ? created.fieldErrors : undefined} name="name" />
          </label>
          <fieldset className="text-sm">
            <legend className="text-slate-600">Scope</legend>
            <div className="mt-1 flex gap-4">
              {API_KEY_SCOPES.map((scope) => (
                <label key={scope} className="flex items-center gap-1">
                  <input type="radio" name="scope" value={scope} defaultChecked={scope === 'inference'} />
                  {API_KEY_SCOPE_LABELS[scope]}
                </label>
              ))}
            </div>
            <FieldError errors={created && !created.ok ? created.fieldErrors : undefined} name="scope" />
          </fieldset>
          <Button type="submit" disabled={isCreating}>
            Create key
          </Button>
        </form>
        {created?.ok && (
          <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status">
            <p className="font-medium">Copy this {created.data.scope === 'audit_read' ? 'audit' : 'inference'} key now: it will not be shown again.</p>
            <code className="mt-1 block break-all font-mono text-xs" data-testid="new-api-key-secret">
              {created.data.secret}
            </code>
            <div className="mt-2">
              <CopyButton text={created.data.secret} label="Copy key" />
            </div>
          </div>
        )}
        {created && !created.ok && !created.fieldErrors && <FormMessage tone="error">{created.error}</FormMessage>}
        {revokeError && <FormMessage tone="error">{revokeError}</FormMessage>}
        <Table
          columns={[{ label: 'Name', className: 'py-2' }, 'Prefix', 'Scope', 'Created', 'Last used', 'Status', '']}
          headClassName="text-xs uppercase text-slate-500"
          bodyClassName="divide-y divide-slate-100"
        >
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row">
              <td className="max-w-[16rem] truncate py-2 pr-3" title={key.name}>
                {key.name}
              </td>
              <td>
                <code className="font-mono text-xs">{key.prefix}…</code>
              </td>
              <td data-testid="api-key-scope">
                {key.scope === 'audit_read' ? <Badge tone="info">audit read</Badge> : <Badge tone="neutral">inference</Badge>}
              </td>
              <td>{formatTime(key.createdAt)}</td>
              <td>{formatTime(key.lastUsedAt)}</td>
              <td>{key.revokedAt ? <Badge tone="bad">revoked</Badge> : <Badge tone="good">active</Badge>}</td>
              <td className="text-right">
                {!key.revokedAt && (
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel="Revoke now"
                    onConfirm={() => revoke(key.id)}
                    question={
                      <>
                        Clients using <span className="font-mono">{key.prefix}…</span> are refused at once.
                      </>
                    }
                  />
                )}
              </td>
            </tr>
          ))}
          {keys.length === 0 && (
            <tr>
              <td colSpan={7} className="py-3 text-slate-500">
                No keys yet.
              </td>
            </tr>
          )}
        </Table>
      </div>
    </Card>
  );
}
