'use server';

import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { readGatewayRequestPage } from '@/lib/audit/viewer/read-gateway-requests';
import { readRequestPayload } from '@/lib/audit/viewer/read-request-payload';
import { gatewayRequestPageRequestSchema, requestIdSchema } from '@/lib/audit/viewer/request-filter';

/** One page of the tenant's gateway requests (newest first) for the list's infinite scroll: the reader holds audit.read. */
export const findGatewayRequests = tenantAction(
  { name: 'requests.find', permission: 'audit.read', schema: gatewayRequestPageRequestSchema },
  async ({ input, requestId, principal, tenant, grant }) => readGatewayRequestPage({ principal, tenant, grant }, input, { requestId }),
);

/** A request's kept prompt and answer, decrypted for this reader once the read is recorded in the tenant's chain. */
export const revealRequestPayload = tenantAction(
  { name: 'requests.reveal_payload', permission: 'audit.read', schema: z.strictObject({ requestId: requestIdSchema }) },
  async ({ input, requestId, principal, tenant, grant }) => readRequestPayload({ principal, tenant, grant }, input.requestId, { requestId }),
);
