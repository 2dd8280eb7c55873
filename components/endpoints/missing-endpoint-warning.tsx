import Link from 'next/link';
import { FormMessage } from '@/components/ui/form-message';

/**
 * A tenant whose prompt tier is dedicated is never sent to the shared model endpoints: with no
 * enabled endpoint of its own, every request (the playground's too) is refused. Said where it bites.
 */
export function MissingEndpointWarning({ slug, canManage }: { slug: string; canManage: boolean }) {
  return (
    <FormMessage tone="error" testId="missing-dedicated-endpoint">
      This tenant&apos;s prompt tier is Dedicated, but it has no enabled model endpoint of its own, so its requests are refused.{' '}
      {canManage ? (
        <Link href={`/tenants/${slug}/endpoints`} className="font-medium underline">
          Add one on the Model endpoints tab.
        </Link>
      ) : (
        'Ask a tenant admin to add one.'
      )}
    </FormMessage>
  );
}

/** True when requests of a tenant at this prompt tier have nowhere to go. */
export function isMissingDedicatedEndpoint(promptTier: string, endpoints: { enabled: boolean }[]): boolean {
  return promptTier === 'dedicated' && !endpoints.some((endpoint) => endpoint.enabled);
}
