import 'server-only';
import { randomUUID } from 'node:crypto';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import type { AuditActor } from '@/lib/audit/event';
import type { Principal } from '@/lib/auth/principal';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { encryptForTenant } from '@/lib/kms';
import { withPlatformAccess, type PlatformTransaction } from '@/lib/tenancy/platform';
import { withTenant, type TenantTransaction } from '@/lib/tenancy/with-tenant';
import { announceGatewayConfigChange } from '../gateway-config-changes';
import { SHARED_POOL_KEY_SCOPE } from './endpoint-constants';
import type { EndpointInput } from './endpoint-input';

/** An endpoint as the console lists it: never its key. */
export interface EndpointView {
  id: string;
  name: string;
  baseUrl: string;
  kind: string;
  models: string[];
  hasApiKey: boolean;
  enabled: boolean;
  timeoutMs: number;
}

const viewSelect = { id: true, name: true, baseUrl: true, kind: true, models: true, apiKeySealed: true, enabled: true, timeoutMs: true } as const;
type Row = { id: string; name: string; baseUrl: string; kind: string; models: string[]; apiKeySealed: string | null; enabled: boolean; timeoutMs: number };
const toView = ({ apiKeySealed, ...row }: Row): EndpointView => ({ ...row, hasApiKey: apiKeySealed !== null });

/** Where an endpoint lives: the shared pool (platform admins) or one tenant's dedicated endpoint. */
export type EndpointOwner = { scope: 'shared'; principal: Principal } | { scope: 'dedicated'; tenantId: string };

/**
 * Runs `work` where the owner's endpoints are reachable, with the chain its audit event belongs to.
 * Audit action: `tenant.update` with target `model_endpoint:<id>` until lib/audit lists endpoint actions.
 */
function withOwner<T>(owner: EndpointOwner, work: (tx: TenantTransaction | PlatformTransaction, chainId: string) => Promise<T>): Promise<T> {
  return owner.scope === 'shared'
    ? withPlatformAccess(owner.principal, (tx) => work(tx, PLATFORM_CHAIN_ID))
    : withTenant(owner.tenantId, (tx) => work(tx, owner.tenantId));
}

const ownerTenantId = (owner: EndpointOwner) => (owner.scope === 'shared' ? null : owner.tenantId);

export async function findEndpoints(owner: EndpointOwner): Promise<EndpointView[]> {
  const rows = await withOwner(owner, (tx) =>
    tx.modelEndpoint.findMany({ where: { tenantId: ownerTenantId(owner) }, orderBy: { createdAt: 'asc' }, select: viewSelect }),
  );
  return rows.map(toView);
}

/** Adds an endpoint; its key is sealed (KMS, purpose 'secret') before the transaction opens. */
export async function createEndpoint(owner: EndpointOwner, input: EndpointInput, context: { actor: AuditActor; requestId: string }): Promise<EndpointView> {
  const id = randomUUID();
  const sealed = input.apiKey
    ? await encryptForTenant(
        owner.scope === 'shared'
          ? { tenantId: SHARED_POOL_KEY_SCOPE, purpose: 'secret', recordId: `model_endpoint:${id}`, keyOwner: 'platform' }
          : { tenantId: owner.tenantId, purpose: 'secret', recordId: `model_endpoint:${id}`, keyOwner: 'tenant' },
        input.apiKey,
      )
    : null;
  const row = await withOwner(owner, async (tx, chainId) => {
    const created = await tx.modelEndpoint.create({
      data: {
        id,
        tenantId: ownerTenantId(owner),
        name: input.name,
        baseUrl: input.baseUrl,
        kind: input.kind,
        models: input.models,
        apiKeySealed: sealed,
        timeoutMs: input.timeoutMs,
      },
      select: viewSelect,
    });
    await appendAuditEvents(tx, chainId, [auditFields(context, id, { before: null, after: { ...toView(created) } })]);
    return created;
  });
  announceGatewayConfigChange({ kind: 'endpoints', tenantId: ownerTenantId(owner) ?? undefined });
  return toView(row);
}

/**
 * Enables, disables or deletes an endpoint of this owner.
 * @throws NotFoundError when it is not the owner's
 * @throws UserFacingError 409 when it is the last enabled dedicated endpoint of a tenant whose prompt layer is dedicated
 */
export async function changeEndpoint(
  owner: EndpointOwner,
  input: { endpointId: string; change: 'enable' | 'disable' | 'delete' },
  context: { actor: AuditActor; requestId: string },
) {
  await withOwner(owner, async (tx, chainId) => {
    const where = { id: input.endpointId, tenantId: ownerTenantId(owner) };
    const before = await tx.modelEndpoint.findFirst({ where, select: viewSelect });
    if (!before) throw new NotFoundError();
    if (owner.scope === 'dedicated' && input.change !== 'enable' && before.enabled)
      await assertNotLastDedicatedEndpoint(tx as TenantTransaction, owner.tenantId, before.id);
    if (input.change === 'delete') await tx.modelEndpoint.deleteMany({ where });
    else await tx.modelEndpoint.updateMany({ where, data: { enabled: input.change === 'enable' } });
    await appendAuditEvents(tx, chainId, [
      auditFields(context, input.endpointId, {
        before: { ...toView(before) },
        after: input.change === 'delete' ? null : { enabled: input.change === 'enable' },
      }),
    ]);
  });
  announceGatewayConfigChange({ kind: 'endpoints', tenantId: ownerTenantId(owner) ?? undefined });
}

/**
 * A tenant whose prompt layer is dedicated is routed only to its own enabled endpoints: taking the
 * last one away would fail all its traffic. The tenant's enabled endpoints are locked first, so two
 * admins disabling the last two at once cannot both pass.
 */
async function assertNotLastDedicatedEndpoint(tx: TenantTransaction, tenantId: string, endpointId: string) {
  const enabled = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM model_endpoints WHERE tenant_id = ${tenantId}::uuid AND enabled FOR UPDATE`;
  if (enabled.some((row) => row.id !== endpointId)) return;
  const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { promptTier: true } });
  if (tenant?.promptTier !== 'dedicated') return;
  throw new UserFacingError(
    "This is the tenant's last enabled dedicated endpoint, and its prompt layer is on the dedicated tier: without it every request would fail. Add and enable another dedicated endpoint first, or move the prompt layer off the dedicated tier.",
    409,
  );
}

function auditFields(context: { actor: AuditActor; requestId: string }, endpointId: string, payload: { before: object | null; after: object | null }) {
  return {
    actor: context.actor,
    action: 'tenant.update' as const,
    target: `model_endpoint:${endpointId}`,
    requestId: context.requestId,
    outcome: 'success' as const,
    payload: JSON.parse(JSON.stringify(payload)),
  };
}
