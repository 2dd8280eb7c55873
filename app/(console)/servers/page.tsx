import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DatabaseServersList } from '@/components/servers/database-servers-list';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { findDatabaseServers } from '@/lib/control/database-servers/find-database-servers';
import { RegisterServerForm } from './register-server-form';
import { NamespaceShardButton } from './namespace-shard-button';
import { RemoveServerButton } from './remove-server-button';

export const metadata: Metadata = { title: 'Database servers' };

/** The PostgreSQL servers tenant layers live on: registration, placements, connection use, status (platform admins). */
export default async function DatabaseServersPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const overview = await findDatabaseServers(principal);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Database servers</h1>
        <p className="text-sm text-slate-600">
          Where tenant data lives. A dedicated layer can be placed on any server registered here, and the namespace prompt and retrieval layers of a group of
          tenants on a server hosting a namespace shard (its own copy of the shared tables), both on the tenant&apos;s settings page; the rest stays on the
          control plane&apos;s server. A server that is down affects only the tenants listed under it.
        </p>
      </header>
      <DatabaseServersList
        overview={overview}
        renderActions={(server) => (
          <div className="flex flex-wrap items-start gap-3">
            <NamespaceShardButton serverId={server.id} name={server.name} isHosting={server.namespaceShard !== null} />
            <RemoveServerButton serverId={server.id} name={server.name} />
          </div>
        )}
      />
      <RegisterServerForm />
    </div>
  );
}
