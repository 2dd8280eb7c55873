import 'server-only';
import { getPlacement } from '@/lib/placement/get-placement';
import { LAYERS } from '@/lib/placement/layers';
import { connectAsAppRole } from '../app-connection';
import { inspectRolePower } from '../catalog-queries';
import { connectToPlacement } from '../placement-connection';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

export const databaseRolePowerCheck: ConformanceCheck = {
  id: 'database.role_power',
  layer: 'database',
  attacked:
    "Look for any power of the request roles (the app role and this tenant's placement roles) beyond their grants: superuser, BYPASSRLS, CREATEROLE, CREATEDB, owned objects",
  expected: 'none',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const app = await connectAsAppRole();
    try {
      const appRole = (await app.query<{ name: string }>('SELECT current_user AS name')).rows[0].name;
      const roles = [appRole];
      const findings: string[] = [];
      for (const layer of LAYERS) {
        const placement = await getPlacement(context.target.id, layer);
        if (!placement.roleName) continue;
        roles.push(placement.roleName);
        // A role on another server (a dedicated database or a namespace shard there) exists only
        // there: inspected on its own server, in its own database, through its own connection.
        const isElsewhere = placement.serverId !== null || placement.externalUrlSealed !== null;
        const client = isElsewhere ? await connectToPlacement(placement) : app;
        try {
          for (const power of await inspectRolePower(client, placement.roleName)) findings.push(`${placement.roleName}: ${power}`);
        } finally {
          if (isElsewhere) await client.end();
        }
      }
      for (const power of await inspectRolePower(app, appRole)) findings.push(`${appRole}: ${power}`);
      // Positive control: the same inspection of the tables' owner must find what it owns.
      const owner = (await app.query<{ name: string }>("SELECT tableowner AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = 'tenants'"))
        .rows[0].name;
      const ownerPower = await inspectRolePower(app, owner);
      await context.recordProbe(this.id, [context.target.id], { roles: roles.join(','), findings: findings.length });
      return {
        observed: findings.length === 0 ? `${roles.join(', ')}: no power beyond grants, own nothing` : findings.join('; '),
        isRefused: findings.length === 0,
        control: {
          observed: `the owner role ${owner}: ${ownerPower.join(', ') || 'nothing found'}`,
          isDetected: ownerPower.some((power) => power.startsWith('owns')),
        },
      };
    } finally {
      await app.end();
    }
  },
};
