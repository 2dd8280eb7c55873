import 'server-only';
import { withTenantData } from '@/lib/placement/with-tenant-data';

export interface PromptConfigSummary {
  id: string;
  name: string;
  updatedAt: string;
  activeVersion: { version: number; model: string } | null;
  versionCount: number;
  /** Every version, newest first, without text (what the playground offers to chat with). */
  versions: { id: string; version: number; state: string }[];
  hasDraft: boolean;
  /** The configuration the gateway uses (see getActivePromptConfig). */
  isGatewayDefault: boolean;
}

/** The tenant's prompt configurations, oldest first, without any prompt text (nothing is decrypted). */
export async function findPromptConfigs(tenantId: string): Promise<PromptConfigSummary[]> {
  const configs = await withTenantData(
    tenantId,
    'prompt',
    (tx) =>
      tx.promptConfig.findMany({
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, name: true, updatedAt: true, activeVersionId: true, versions: { select: { id: true, version: true, state: true, model: true } } },
      }),
    { readOnly: true },
  );
  const gatewayDefault = configs.find((config) => config.versions.some((version) => version.state === 'active'));
  return configs.map((config) => {
    const active = config.versions.find((version) => version.state === 'active');
    return {
      id: config.id,
      name: config.name,
      updatedAt: config.updatedAt.toISOString(),
      activeVersion: active ? { version: active.version, model: active.model } : null,
      versionCount: config.versions.length,
      versions: config.versions.map(({ id, version, state }) => ({ id, version, state })).sort((a, b) => b.version - a.version),
      hasDraft: config.versions.some((version) => version.state === 'draft'),
      isGatewayDefault: config.id === gatewayDefault?.id,
    };
  });
}
