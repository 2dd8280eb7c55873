import path from 'node:path';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { startLocalStack, type LocalStack } from './local-stack';
import { dataDir } from './paths';

export interface BenchStackOptions {
  /** Folder under .data for the bench's throwaway cluster. */
  dataDirName: string;
  postgresPort: number;
  /** Also give the bench the owner role (provisioning, migrations), as the placement worker has it. */
  withOwnerUrl?: boolean;
}

/**
 * Runs a bench against a fresh local stack (its own database, local KMS and model on free ports)
 * with the stack's settings in process.env, then closes every pool and stops the stack, whether
 * the bench finished or failed.
 */
export async function withBenchStack<T>(options: BenchStackOptions, bench: (stack: LocalStack) => Promise<T>): Promise<T> {
  const stack = await startLocalStack({
    dataDir: path.join(dataDir, options.dataDirName),
    postgresPort: options.postgresPort,
    database: 'bulkhead_bench',
    fresh: true,
    kmsPort: 0,
    modelPort: 0,
    log: () => {},
  });
  try {
    Object.assign(process.env, stack.appEnv, options.withOwnerUrl ? { BULKHEAD_OWNER_DATABASE_URL: stack.urls.ownerUrl } : {});
    return await bench(stack);
  } finally {
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await stack.stop();
  }
}
