import { PlaygroundChat } from '@/components/playground/playground-chat';
import { requireTenantPageAccess } from '@/lib/auth/page-access';

/** Chat with the tenant's model through the enforcement pipeline, with the decision trace beside it. */
export default async function PlaygroundPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'playground.use');
  return <PlaygroundChat tenantSlug={tenant.slug} />;
}
