import 'server-only';
import { NotFoundError } from '@/lib/errors';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import { loadPromptPlacement } from './prompt-context';
import { openPromptText } from './prompt-sealing';

export type VersionState = 'draft' | 'active' | 'archived';

export interface PromptVersionView {
  id: string;
  version: number;
  state: VersionState;
  body: string;
  model: string;
  temperature: number;
  maxTokens: number;
  createdAt: string;
  activatedAt: string | null;
}

export interface PromptConfigView {
  id: string;
  name: string;
  /** Newest first. */
  versions: PromptVersionView[];
}

/** How many versions the editor shows (newest first); older ones stay stored and audited. */
export const VERSIONS_SHOWN = 100;

/**
 * One configuration with its versions' text opened for the editor and the diff. Canaries stay
 * sealed: the console never needs them. Another tenant's configuration id reads as not found.
 */
export async function findPromptVersions(tenantId: string, configId: string): Promise<PromptConfigView> {
  const { placement } = await loadPromptPlacement(tenantId);
  const config = await withTenantData(
    tenantId,
    'prompt',
    (tx) =>
      tx.promptConfig.findUnique({
        where: { id: configId },
        select: {
          id: true,
          name: true,
          versions: {
            orderBy: { version: 'desc' },
            take: VERSIONS_SHOWN,
            select: { id: true, version: true, state: true, body: true, model: true, temperature: true, maxTokens: true, createdAt: true, activatedAt: true },
          },
        },
      }),
    { readOnly: true },
  );
  if (!config) throw new NotFoundError();
  const versions = await Promise.all(
    config.versions.map(async (row) => ({
      ...row,
      state: row.state as VersionState,
      body: await openPromptText(placement, 'body', row.id, row.body),
      createdAt: row.createdAt.toISOString(),
      activatedAt: row.activatedAt?.toISOString() ?? null,
    })),
  );
  return { id: config.id, name: config.name, versions };
}
