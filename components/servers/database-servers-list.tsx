import Link from 'next/link';
import type { ReactNode } from 'react';
import { TierBadge } from '@/components/tier-badge';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import type { DatabaseServersOverview, DatabaseServerView } from '@/lib/control/database-servers/find-database-servers';
import { LAYER_LABELS, type Layer } from '@/lib/policy';

/** Every server with its status, connection use and the tenant layers on it; a server that is down lists them as affected. */
export function DatabaseServersList({
  overview,
  renderActions,
}: {
  overview: DatabaseServersOverview;
  renderActions: (server: DatabaseServerView & { id: string }) => ReactNode;
}) {
  return (
    <div className="space-y-4" data-testid="database-servers">
      {overview.servers.map((server) => (
        <section key={server.id ?? 'control-plane'} data-testid="database-server" data-server-name={server.name} aria-label={server.name}>
          <Card
            title={server.name}
            actions={
              server.isAnswering ? (
                <Badge tone="good">answering</Badge>
              ) : (
                <span data-testid="server-down">
                  <Badge tone="bad">down</Badge>
                </span>
              )
            }
          >
            <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-4">
              <Fact label="Address">
                <code className="break-all font-mono text-xs">
                  {server.host}:{server.port}
                </code>
              </Fact>
              <Fact label="TLS">{server.tlsMode}</Fact>
              <Fact label="Region">{server.region || '—'}</Fact>
              <Fact label="Connections">
                <span data-testid="server-connections">{describeConnections(server)}</span>
              </Fact>
            </dl>
            {server.capacityNotes && <p className="mt-2 text-xs text-slate-600">{server.capacityNotes}</p>}
            {!server.isAnswering && server.placements.length > 0 && (
              <p className="mt-3 rounded-md bg-red-50 p-2 text-sm text-red-800" data-testid="server-affected">
                Affected while it is down: {[...new Set(server.placements.map((placement) => placement.tenantName))].join(', ')}. Other tenants are served as
                usual.
              </p>
            )}
            <div className="mt-3 overflow-x-auto">
              <Table
                columns={['Tenant', 'Layer', 'Tier', 'State']}
                headClassName="text-xs uppercase text-slate-500"
                headerCellClassName="py-1 pr-4"
                bodyClassName="divide-y divide-slate-100"
                testId="server-placements"
              >
                {server.placements.map((placement) => (
                  <tr key={`${placement.tenantSlug}/${placement.layer}`} className="[&>td]:py-1 [&>td]:pr-4" data-testid="server-placement">
                    <td>
                      <Link href={`/tenants/${placement.tenantSlug}/settings`} className="text-indigo-700 underline">
                        {placement.tenantName}
                      </Link>
                    </td>
                    <td>{LAYER_LABELS[placement.layer]}</td>
                    <td>
                      <TierBadge tier={placement.tier} />
                    </td>
                    <td>{placement.state}</td>
                  </tr>
                ))}
                {server.placements.length === 0 && (
                  <tr>
                    <td colSpan={4} className="py-2 text-slate-500">
                      {server.id ? 'No placements: it can be removed.' : 'No placements with a row here.'}
                    </td>
                  </tr>
                )}
              </Table>
            </div>
            {server.id === null && (
              <p className="mt-2 text-xs text-slate-500">
                Also the shared tables of {overview.sharedTierTenants} tenant{overview.sharedTierTenants === 1 ? '' : 's'} with no placement row, and the
                control plane itself.
              </p>
            )}
            {server.namespaceShard && <ShardTenants tenants={server.namespaceShard.tenants} />}
            {server.id !== null && <div className="mt-3">{renderActions({ ...server, id: server.id })}</div>}
          </Card>
        </section>
      ))}
    </div>
  );
}

/** The tenants whose namespace layers are on this server's shard: the shared tables there, not a database each. */
function ShardTenants({ tenants }: { tenants: { slug: string; name: string; layers: Layer[] }[] }) {
  return (
    <div className="mt-3 rounded-md border border-indigo-100 bg-indigo-50/50 p-2 text-sm" data-testid="server-shard">
      <p className="font-medium text-slate-800">
        Namespace shard: {tenants.length} tenant{tenants.length === 1 ? '' : 's'}
      </p>
      {tenants.length === 0 ? (
        <p className="text-xs text-slate-600">No tenant yet: choose this server for a namespace layer on a tenant&apos;s settings page.</p>
      ) : (
        <ul className="mt-1 space-y-0.5" data-testid="server-shard-tenants">
          {tenants.map((tenant) => (
            <li key={tenant.slug} data-testid="server-shard-tenant">
              <Link href={`/tenants/${tenant.slug}/settings`} className="text-indigo-700 underline">
                {tenant.name}
              </Link>{' '}
              <span className="text-xs text-slate-600">({tenant.layers.map((layer) => LAYER_LABELS[layer]).join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase text-slate-500">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function describeConnections(server: DatabaseServerView): string {
  const pools = `pools: up to ${server.poolConnectionsPerProcess} per serving process`;
  const check = server.lastCheck;
  if (!check) return server.id ? `${pools}; not checked yet by the placement worker` : pools;
  if (!check.isReachable) return `${pools}; the placement worker could not connect at ${new Date(check.checkedAt).toISOString().slice(11, 19)} UTC`;
  return `${check.connectionsInUse} of ${check.maxConnections} in use; ${pools}`;
}
