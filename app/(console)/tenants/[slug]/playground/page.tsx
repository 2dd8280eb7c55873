import type { Metadata } from 'next';
import { PlaygroundChat } from '@/components/playground/playground-chat';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { getPlacement } from '@/lib/placement/get-placement';
import { findAllowedModels } from '@/lib/prompts/allowed-models';

export const metadata: Metadata = { title: 'Playground' };

/** Chat with the tenant's model through the enforcement pipeline, with the decision trace beside it. */
export default async function PlaygroundPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'playground.use');
  const placement = await getPlacement(tenant.id, 'prompt');
  return <PlaygroundChat tenantSlug={tenant.slug} models={await findAllowedModels(tenant.id, placement.tier)} />;
}
