'use client';

import { useActionState, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { ApiKeySummary } from '@/lib/enforcement/api-keys/manage-api-keys';

interface ApiKeysPanelProps {
  tenantSlug: string;
  keys: ApiKeySummary[];
  actions: {
    create: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ id: string; name: string; prefix: string; secret: string }>>;
    revoke: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ keyId: string }>>;
  };
}

const formatTime = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '—');

/** Gateway API keys: create (the secret is shown once), list by prefix, revoke (effective at once). */
export function ApiKeysPanel({ tenantSlug, keys, actions }: ApiKeysPanelProps) {
  const [created, createAction, isCreating] = useActionState(
    async (_previous: Awaited<ReturnType<ApiKeysPanelProps['actions']['create']>> | null, form: FormData) => actions.create(tenantSlug, { name: form.get('name') }),
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
          Keys authenticate machine clients to <code className="font-mono text-xs">POST /api/v1/chat/completions</code>. Each key acts for this tenant only; only a hash is stored.
        </p>
        <form action={createAction} className="flex items-end gap-3">
          <label className="text-sm">
            <span className="block text-slate-600">Key name</span>
            <input name="name" required maxLength={80} className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm" placeholder="claims-bot" />
            <FieldError errors={created && !created.ok ? created.fieldErrors : undefined} name="name" />
          </label>
          <Button type="submit" disabled={isCreating}>Create key</Button>
        </form>
        {created?.ok && (
          <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status">
            <p className="font-medium">Copy this key now: it will not be shown again.</p>
            <code className="mt-1 block break-all font-mono text-xs" data-testid="new-api-key-secret">{created.data.secret}</code>
          </div>
        )}
        {created && !created.ok && !created.fieldErrors && <FormMessage tone="error">{created.error}</FormMessage>}
        {revokeError && <FormMessage tone="error">{revokeError}</FormMessage>}
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr><th className="py-2">Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((key) => (
              <tr key={key.id} data-testid="api-key-row">
                <td className="py-2">{key.name}</td>
                <td><code className="font-mono text-xs">{key.prefix}…</code></td>
                <td>{formatTime(key.createdAt)}</td>
                <td>{formatTime(key.lastUsedAt)}</td>
                <td>{key.revokedAt ? <Badge tone="bad">revoked</Badge> : <Badge tone="good">active</Badge>}</td>
                <td className="text-right">
                  {!key.revokedAt && <Button type="button" variant="danger" onClick={() => revoke(key.id)}>Revoke</Button>}
                </td>
              </tr>
            ))}
            {keys.length === 0 && <tr><td colSpan={6} className="py-3 text-slate-500">No keys yet.</td></tr>}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
