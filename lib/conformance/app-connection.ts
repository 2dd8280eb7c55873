import 'server-only';
import pg from 'pg';
import { env } from '@/lib/env';

/** A plain connection as the application role (bulkhead_app), the role every request uses. */
export async function connectAsAppRole(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: env.appDatabaseUrl });
  await client.connect();
  return client;
}
