'use server';

import { after } from 'next/server';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { startConsoleRun } from '@/lib/conformance/start-console-run';

// Compliance officers assigned to the tenant and platform admins run the suite (isolation.run);
// tenant admins only read its evidence.
export const startConformanceRunAction = tenantAction(
  { name: 'conformance.run', permission: 'isolation.run', schema: z.object({}).strict() },
  async ({ principal, tenant }) => {
    const { runId, done } = await startConsoleRun(tenant, principal.userId);
    // The checks take seconds; the page polls the run's progress route meanwhile.
    after(() => done);
    return { runId };
  },
);
