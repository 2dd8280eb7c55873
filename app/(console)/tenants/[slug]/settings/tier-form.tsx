'use client';

import { useActionState, useState } from 'react';
import { TierConsequences } from '@/components/policy/tier-consequences';
import { Button } from '@/components/ui/button';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import { useStoredDraft } from '@/components/ui/use-stored-draft';
import type { ActionResult } from '@/lib/actions/action-result';
import type { ServerChoice } from '@/lib/control/database-servers/find-database-servers';
import type { LayerServers } from '@/lib/control/database-servers/layer-servers';
import { MIN_JUSTIFICATION_LENGTH } from '@/lib/control/tenant-schemas';
import { isTierAtLeast, LAYERS, LAYER_LABELS, TIERS, TIER_LABELS, type Layer, type LayerTiers, type Tier } from '@/lib/policy';
import { changeTenantTiersAction } from './actions';

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

/**
 * The servers a layer at `tier` may be placed on: any registered one for a dedicated layer; for a
 * namespace prompt or retrieval layer, those hosting a namespace shard; none for schema_kms (reached
 * through the control plane server's shared pool) nor for a namespace log (the control plane's own
 * audit tables). The server decides again (layer-servers.ts); this only hides what it would refuse.
 */
function getServerOptions(layer: Layer, tier: Tier, choices: ServerChoice[]): ServerChoice[] {
  if (tier === 'dedicated') return choices;
  if (tier === 'namespace' && layer !== 'logs') return choices.filter((choice) => choice.hostsShard);
  return [];
}

/**
 * Picks a tier per layer. Choosing one below the minimum is allowed here but refused by the server
 * unless a risk acceptance comes with it (the server recomputes the minimum; this form only warns).
 */
export function TierForm({
  slug,
  current,
  minimums,
  updatedAt,
  hasDedicatedEndpoint,
  currentServers,
  serverChoices,
}: {
  slug: string;
  current: LayerTiers;
  minimums: LayerTiers;
  updatedAt: string;
  hasDedicatedEndpoint: boolean;
  /** Where each layer is recorded to live (null: the control plane's server). */
  currentServers: LayerServers;
  /** Registered database servers a dedicated layer may go to; those hosting a namespace shard take namespace layers too. */
  serverChoices: ServerChoice[];
}) {
  const [tiers, setTiers] = useStoredDraft(current, updatedAt);
  const [servers, setServers] = useStoredDraft(currentServers, updatedAt);
  const [justification, setJustification] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const belowMinimum = LAYERS.filter((layer) => !isTierAtLeast(tiers[layer], minimums[layer]));
  const hasAcceptance = justification.trim() !== '' || expiresAt !== '';

  const [state, formAction, isPending] = useActionState(async (): Promise<ActionResult<{ recordedAcceptances: number }>> => {
    const riskAcceptance = belowMinimum.length > 0 && hasAcceptance ? { justification, expiresAt } : undefined;
    const result = await changeTenantTiersAction(slug, { tiers, servers, expectedUpdatedAt: updatedAt, riskAcceptance });
    if (result.ok) {
      setJustification('');
      setExpiresAt('');
    }
    return result;
  }, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;

  return (
    <form onSubmit={submitWithoutReset(formAction)} className="space-y-4" noValidate aria-label="Isolation tiers" data-version={updatedAt}>
      <div className="grid gap-4 lg:grid-cols-3">
        {LAYERS.map((layer: Layer) => (
          <div key={layer} className="space-y-2 rounded-lg border border-slate-200 p-3">
            <label className="block">
              <span className="text-sm font-medium text-slate-700">{LAYER_LABELS[layer]} tier</span>
              <select
                name={`tier-${layer}`}
                value={tiers[layer]}
                onChange={(event) => setTiers({ ...tiers, [layer]: event.target.value as Tier })}
                className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
              >
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>
                    {TIER_LABELS[tier]}
                    {isTierAtLeast(tier, minimums[layer]) ? '' : ' (below minimum)'}
                  </option>
                ))}
              </select>
            </label>
            {!isTierAtLeast(tiers[layer], minimums[layer]) && (
              <p className="text-xs text-red-700">Below this tenant&apos;s minimum ({TIER_LABELS[minimums[layer]]}): saving needs a risk acceptance.</p>
            )}
            {getServerOptions(layer, tiers[layer], serverChoices).length > 0 && (
              <label className="block">
                <span className="text-sm font-medium text-slate-700">{tiers[layer] === 'namespace' ? 'Shared tables on' : 'Database server'}</span>
                <select
                  name={`server-${layer}`}
                  value={servers[layer] ?? ''}
                  onChange={(event) => setServers({ ...servers, [layer]: event.target.value || null })}
                  className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
                >
                  <option value="">Control plane server</option>
                  {getServerOptions(layer, tiers[layer], serverChoices).map((server) => (
                    <option key={server.id} value={server.id}>
                      {server.name}
                      {tiers[layer] === 'namespace' ? ' (namespace shard)' : ''}
                      {server.region ? ` (${server.region})` : ''}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {layer === 'prompt' && tiers.prompt === 'dedicated' && !hasDedicatedEndpoint && (
              <p className="text-xs text-red-700" data-testid="tier-needs-endpoint">
                This tenant has no enabled model endpoint of its own: add one on its Model endpoints tab first, or saving is refused.
              </p>
            )}
            <TierConsequences tier={tiers[layer]} />
          </div>
        ))}
      </div>

      {belowMinimum.length > 0 && (
        <fieldset className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="risk-acceptance">
          <legend className="px-1 text-sm font-semibold text-amber-900">
            Risk acceptance for {belowMinimum.map((layer) => LAYER_LABELS[layer]).join(', ')}
          </legend>
          <p className="text-xs text-amber-900">
            Recorded with your name for each layer below its minimum; it lapses on the expiry date, and the tenant is then non-compliant. Leave it empty only if
            an open acceptance already covers these tiers.
          </p>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">Justification</span>
            <textarea
              name="justification"
              rows={3}
              value={justification}
              onChange={(event) => setJustification(event.target.value)}
              maxLength={2000}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              placeholder={`At least ${MIN_JUSTIFICATION_LENGTH} characters: why, and what closes the gap.`}
            />
            <FieldError errors={fieldErrors} name="riskAcceptance.justification" />
          </label>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">Expires on</span>
            <input
              type="date"
              name="expiresAt"
              value={expiresAt}
              min={isoDay(1)}
              max={isoDay(364)}
              onChange={(event) => setExpiresAt(event.target.value)}
              className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            <FieldError errors={fieldErrors} name="riskAcceptance.expiresAt" />
          </label>
        </fieldset>
      )}

      {state && !state.ok && (
        <FormMessage tone="error" testId="tier-error">
          {state.error}
        </FormMessage>
      )}
      {state?.ok && (
        <FormMessage tone="success" testId="tier-saved">
          Tiers saved{state.data.recordedAcceptances > 0 ? `; ${state.data.recordedAcceptances} risk acceptance(s) recorded` : ''}.
        </FormMessage>
      )}
      <Button type="submit" disabled={isPending}>
        {isPending ? 'Saving…' : 'Save tiers'}
      </Button>
    </form>
  );
}
