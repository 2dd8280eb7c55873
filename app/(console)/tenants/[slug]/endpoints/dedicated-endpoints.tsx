'use client';

import { EndpointsPanel } from '@/components/endpoints/endpoints-panel';
import type { EndpointView } from '@/lib/control/endpoints/manage-endpoints';
import { changeDedicatedEndpointAction, createDedicatedEndpointAction } from './actions';

export function DedicatedEndpoints({ tenantSlug, endpoints }: { tenantSlug: string; endpoints: EndpointView[] }) {
  return (
    <EndpointsPanel
      title="Dedicated model endpoint"
      description="Used only while this tenant's prompt tier is dedicated; such a tenant is never sent to the shared model endpoints, so with no enabled endpoint its requests are refused. The key is encrypted under this tenant's KMS key."
      endpoints={endpoints}
      actions={{
        create: (input) => createDedicatedEndpointAction(tenantSlug, input),
        change: (input) => changeDedicatedEndpointAction(tenantSlug, input),
      }}
    />
  );
}
