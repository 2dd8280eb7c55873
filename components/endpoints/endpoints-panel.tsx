'use client';

import { useActionState, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { EndpointView } from '@/lib/control/endpoints/manage-endpoints';
import { Table } from '@/components/ui/table';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import { inputClass } from '@/components/ui/save-row';

export interface EndpointPanelActions {
  create: (input: Record<string, unknown>) => Promise<ActionResult<EndpointView>>;
  change: (input: { endpointId: string; change: 'enable' | 'disable' | 'delete' }) => Promise<ActionResult<unknown>>;
}

/** Model endpoints (shared pool or a tenant's dedicated one): add, enable or disable, delete. Keys are write-only. */
export function EndpointsPanel({
  title,
  description,
  endpoints,
  actions,
}: {
  title: string;
  description: string;
  endpoints: EndpointView[];
  actions: EndpointPanelActions;
}) {
  const [created, createAction, isCreating] = useActionState(async (_previous: ActionResult<EndpointView> | null, form: FormData) => {
    const input = Object.fromEntries(['name', 'baseUrl', 'kind', 'models', 'apiKey', 'timeoutMs'].map((key) => [key, String(form.get(key) ?? '')]));
    return actions.create(input);
  }, null);
  const [changeError, setChangeError] = useState<string | null>(null);
  const errors = created && !created.ok ? created.fieldErrors : undefined;

  async function change(endpointId: string, kind: 'enable' | 'disable' | 'delete') {
    const result = await actions.change({ endpointId, change: kind });
    setChangeError(result.ok ? null : result.error);
  }

  return (
    <Card title={title}>
      <div className="space-y-4" data-testid="endpoints-panel">
        <p className="text-sm text-slate-700">{description}</p>
        <Table
          columns={['Name', 'URL', 'Kind', 'Models', 'Key', 'State', '']}
          headClassName="text-xs uppercase text-slate-500"
          headerCellClassName="py-2 pr-4"
          bodyClassName="divide-y divide-slate-100"
        >
          {endpoints.map((endpoint) => (
            <tr key={endpoint.id} data-testid="endpoint-row" className="[&>td]:py-2 [&>td]:pr-4">
              <td className="break-words">{endpoint.name}</td>
              <td>
                <code className="break-words font-mono text-xs">{endpoint.baseUrl === 'builtin:local-simulator' ? 'local simulator' : endpoint.baseUrl}</code>
              </td>
              <td>{endpoint.kind}</td>
              <td>{endpoint.models.length ? endpoint.models.join(', ') : 'any'}</td>
              <td>{endpoint.hasApiKey ? 'stored (encrypted)' : 'none'}</td>
              <td>{endpoint.enabled ? <Badge tone="good">enabled</Badge> : <Badge>disabled</Badge>}</td>
              <td>
                <div className="flex flex-wrap items-center justify-end gap-2">
                  <Button type="button" variant="secondary" onClick={() => change(endpoint.id, endpoint.enabled ? 'disable' : 'enable')}>
                    {endpoint.enabled ? 'Disable' : 'Enable'}
                  </Button>
                  <ConfirmButton
                    label="Delete"
                    question="Delete this endpoint? Requests routed to it stop."
                    confirmLabel="Delete now"
                    onConfirm={() => change(endpoint.id, 'delete')}
                  />
                </div>
              </td>
            </tr>
          ))}
          {endpoints.length === 0 && (
            <tr>
              <td colSpan={7} className="py-3 text-slate-500">
                None configured.
              </td>
            </tr>
          )}
        </Table>
        {changeError && (
          <FormMessage tone="error" testId="endpoint-change-error">
            {changeError}
          </FormMessage>
        )}
        <form onSubmit={submitWithoutReset(createAction)} className="grid gap-3 sm:grid-cols-3" noValidate>
          <label className="text-sm">
            Name
            <input name="name" required className={inputClass} />
            <FieldError errors={errors} name="name" />
          </label>
          <label className="text-sm sm:col-span-2">
            Base URL (OpenAI-compatible, ending in /v1)
            <input name="baseUrl" required className={inputClass} placeholder="https://models.example/v1" />
            <FieldError errors={errors} name="baseUrl" />
          </label>
          <label className="text-sm">
            Kind
            <select name="kind" className={inputClass} defaultValue="openai">
              <option value="openai">openai</option>
              <option value="vllm">vllm (gets a per-tenant cache_salt)</option>
              <option value="simulator">simulator</option>
            </select>
          </label>
          <label className="text-sm">
            Allowed models (comma-separated; empty: any)
            <input name="models" className={inputClass} />
          </label>
          <label className="text-sm">
            API key (stored encrypted)
            <input name="apiKey" type="password" autoComplete="off" className={inputClass} />
          </label>
          <label className="text-sm">
            Timeout (ms)
            <input name="timeoutMs" type="number" defaultValue={30000} className={inputClass} />
            <FieldError errors={errors} name="timeoutMs" />
          </label>
          <div className="flex items-end">
            <Button type="submit" disabled={isCreating}>
              Add endpoint
            </Button>
          </div>
        </form>
        {created && !created.ok && !created.fieldErrors && <FormMessage tone="error">{created.error}</FormMessage>}
        {created?.ok && <FormMessage tone="success">Endpoint added.</FormMessage>}
      </div>
    </Card>
  );
}
