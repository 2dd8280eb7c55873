import type { Metadata } from 'next';
import { isMissingDedicatedEndpoint, MissingEndpointWarning } from '@/components/endpoints/missing-endpoint-warning';
import { PlaygroundChat } from '@/components/playground/playground-chat';
import { buildPromptOptions } from '@/components/playground/prompt-picker';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { hasTenantPermission } from '@/lib/auth/principal';
import { findEndpoints } from '@/lib/control/endpoints/manage-endpoints';
import { getPlacement } from '@/lib/placement/get-placement';
import { findAllowedModels } from '@/lib/prompts/allowed-models';
import { findPromptConfigs } from '@/lib/prompts/find-prompt-configs';

export const metadata: Metadata = { title: 'Playground' };

/** Chat with the tenant's model through the enforcement pipeline, with the decision trace beside it. */
export default async function PlaygroundPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'playground.use');
  const { tenant } = access;
  const placement = await getPlacement(tenant.id, 'prompt');
  const [models, endpoints, configs] = await Promise.all([
    findAllowedModels(tenant.id, placement.tier),
    findEndpoints({ scope: 'dedicated', tenantId: tenant.id }),
    findPromptConfigs(tenant.id),
  ]);
  const live = configs.find((config) => config.isGatewayDefault);
  const promptGroups = buildPromptOptions(configs, hasTenantPermission(access.principal, access.grant, 'prompts.manage'));
  return (
    <div className="space-y-4">
      {isMissingDedicatedEndpoint(placement.tier, endpoints) && (
        <MissingEndpointWarning slug={tenant.slug} canManage={hasTenantPermission(access.principal, access.grant, 'tenant.manage')} />
      )}
      <PlaygroundChat
        tenantSlug={tenant.slug}
        models={models}
        promptGroups={promptGroups}
        defaultPromptLabel={live?.activeVersion ? `Live default (${live.name} v${live.activeVersion.version})` : 'Live default (built-in prompt)'}
      />
    </div>
  );
}
