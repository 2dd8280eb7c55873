'use client';

import { EndpointsPanel } from '@/components/endpoints/endpoints-panel';
import type { EndpointView } from '@/lib/control/endpoints/manage-endpoints';
import { changeSharedEndpointAction, createSharedEndpointAction } from './actions';

export function SharedEndpoints({ endpoints }: { endpoints: EndpointView[] }) {
  return (
    <EndpointsPanel
      title="Shared model endpoints"
      description="Tenants whose prompt tier is namespace or schema_kms are routed to the first enabled endpoint here that serves the requested model. With none, the built-in local simulator is used."
      endpoints={endpoints}
      actions={{ create: createSharedEndpointAction, change: changeSharedEndpointAction }}
    />
  );
}
