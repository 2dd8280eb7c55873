import type { Metadata } from 'next';
import Link from 'next/link';
import { CachePrefixNote } from '@/components/prompts/cache-prefix-note';
import { CreateConfigForm } from '@/components/prompts/create-config-form';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { getPlacement } from '@/lib/placement/get-placement';
import { findAllowedModels } from '@/lib/prompts/allowed-models';
import { getTenantPromptPrefix } from '@/lib/prompts/assemble-system-prompt';
import { findPromptConfigs } from '@/lib/prompts/find-prompt-configs';
import { createPromptConfigAction } from './actions';
import { Table } from '@/components/ui/table';

export const metadata: Metadata = { title: 'Prompts' };

/** The tenant's system prompt configurations: list, create, and how prompts stay tenant-unique. */
export default async function PromptsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'prompts.manage');
  const placement = await getPlacement(tenant.id, 'prompt');
  const [configs, models] = await Promise.all([findPromptConfigs(tenant.id), findAllowedModels(tenant.id, placement.tier)]);
  return (
    <div className="space-y-6">
      <Card title="Prompt configurations">
        {configs.length === 0 ? (
          <p className="text-sm text-slate-600">No configurations yet. Until one is live, the gateway uses the built-in default prompt.</p>
        ) : (
          <Table
            columns={[{ label: 'Name', className: 'py-2' }, 'Live version', 'Model', 'Versions', '']}
            headClassName="text-xs uppercase text-slate-500"
            bodyClassName="divide-y divide-slate-100"
            testId="prompt-configs"
          >
            {configs.map((config) => (
              <tr key={config.id} data-testid="prompt-config-row">
                <td className="py-2">
                  <Link className="text-indigo-700 hover:underline" href={`/tenants/${tenant.slug}/prompts/${config.id}`}>
                    {config.name}
                  </Link>
                  {config.isGatewayDefault && (
                    <span className="ml-2">
                      <Badge tone="info">gateway default</Badge>
                    </span>
                  )}
                </td>
                <td>{config.activeVersion ? `v${config.activeVersion.version}` : <Badge tone="warn">none live</Badge>}</td>
                <td>{config.activeVersion?.model ?? '—'}</td>
                <td>
                  {config.versionCount}
                  {config.hasDraft && (
                    <span className="ml-2">
                      <Badge>draft</Badge>
                    </span>
                  )}
                </td>
                <td className="text-right text-xs text-slate-500">updated {config.updatedAt.slice(0, 16).replace('T', ' ')} UTC</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title="New configuration">
        <CreateConfigForm tenantSlug={tenant.slug} models={models} action={createPromptConfigAction} />
      </Card>
      <CachePrefixNote prefix={getTenantPromptPrefix(tenant.id)} tier={placement.tier} />
    </div>
  );
}
