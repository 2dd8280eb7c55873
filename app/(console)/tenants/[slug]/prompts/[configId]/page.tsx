import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PromptDiff } from '@/components/prompts/prompt-diff';
import { PromptEditor } from '@/components/prompts/prompt-editor';
import { VersionList } from '@/components/prompts/version-list';
import { Card } from '@/components/ui/card';
import { recordPlatformContentRead } from '@/lib/audit/viewer/record-platform-content-read';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { NotFoundError } from '@/lib/errors';
import { getPlacement } from '@/lib/placement/get-placement';
import { findAllowedModels } from '@/lib/prompts/allowed-models';
import { diffPromptVersions } from '@/lib/prompts/diff-prompt-versions';
import { findPromptVersions, type PromptConfigView } from '@/lib/prompts/find-prompt-versions';
import { activatePromptVersionAction, rollbackPromptConfigAction, savePromptDraftAction } from '../actions';

export const metadata: Metadata = { title: 'Prompt configuration' };

interface PageProps {
  params: Promise<{ slug: string; configId: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}

/** One configuration: its editor, versions (activate, roll back) and a diff of any two versions. */
export default async function PromptConfigPage({ params, searchParams }: PageProps) {
  const { slug, configId } = await params;
  const access = await requireTenantPageAccess(slug, 'prompts.manage');
  const { tenant } = access;
  if (!z.uuid().safeParse(configId).success) notFound();
  await recordPlatformContentRead(access, 'prompts.manage', { kind: 'prompt_versions', id: configId });
  const config = await findPromptVersions(tenant.id, configId).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const models = await findAllowedModels(tenant.id, (await getPlacement(tenant.id, 'prompt')).tier);
  const start = config.versions.find((version) => version.state === 'draft') ?? config.versions[0];
  const canRollback = config.versions.some((version) => version.state === 'archived' && version.activatedAt !== null);
  const query = await searchParams;
  const diff = selectDiff(config, query.from, query.to);

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/tenants/${tenant.slug}/prompts`} className="text-indigo-700 hover:underline">
          ← All configurations
        </Link>
      </p>
      <h2 className="text-xl font-semibold" data-testid="prompt-config-name">
        {config.name}
      </h2>
      <Card title="Editor">
        <PromptEditor
          tenantSlug={tenant.slug}
          configId={config.id}
          models={models}
          start={{
            body: start.body,
            version: start.version,
            isDraft: start.state === 'draft',
            model: start.model,
            temperature: start.temperature,
            maxTokens: start.maxTokens,
          }}
          action={savePromptDraftAction}
        />
      </Card>
      <Card title="Versions">
        <VersionList
          tenantSlug={tenant.slug}
          configId={config.id}
          versions={config.versions.map(({ body: _body, ...row }) => row)}
          canRollback={canRollback}
          actions={{ activate: activatePromptVersionAction, rollback: rollbackPromptConfigAction }}
        />
      </Card>
      <Card title="Compare versions">
        <form method="get" className="mb-4 flex items-end gap-3 text-sm" id="diff">
          {(['from', 'to'] as const).map((side) => (
            <label key={side}>
              <span className="block text-slate-600">{side === 'from' ? 'From' : 'To'}</span>
              <select name={side} defaultValue={diff?.[side] ?? ''} className="mt-1 rounded-md border border-slate-300 px-3 py-2" data-testid={`diff-${side}`}>
                {config.versions.map((version) => (
                  <option key={version.id} value={version.version}>
                    v{version.version} ({version.state})
                  </option>
                ))}
              </select>
            </label>
          ))}
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-2" data-testid="diff-submit">
            Show diff
          </button>
        </form>
        {diff ? <PromptDiff lines={diff.lines} /> : <p className="text-sm text-slate-600">Choose two versions to compare.</p>}
      </Card>
    </div>
  );
}

function selectDiff(config: PromptConfigView, from?: string, to?: string) {
  const before = config.versions.find((version) => String(version.version) === from);
  const after = config.versions.find((version) => String(version.version) === to);
  if (!before || !after) return null;
  return { from: String(before.version), to: String(after.version), lines: diffPromptVersions(before.body, after.body) };
}
