import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { getRewrapJob } from '@/lib/control/keys/rewrap-job';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { findPlacementStatus } from '@/lib/placement/find-placement-status';
import { createTestTenant } from '@/lib/testing/fixtures';

// Rows written before failures were stored as a sentence and a reference may hold the driver's or
// placement's own text. Tenant users read those rows through getRewrapJob and findPlacementStatus.
const DRIVER_TEXT = 'error: relation "tenant_0a0a.secrets" does not exist at character 15 (postgres://bulkhead_owner@10.0.0.5:5432)';

describe('failure text stored by earlier versions never reaches tenant users', () => {
  let admin: pg.Client;
  let tenant: { id: string };

  before(async () => {
    // The superuser's URL names the server's maintenance database: point it at the test database.
    const url = new URL(process.env.BULKHEAD_ADMIN_DATABASE_URL!);
    url.pathname = new URL(process.env.BULKHEAD_OWNER_DATABASE_URL!).pathname;
    admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    tenant = await createTestTenant('stored-failures');
  });
  after(async () => {
    await admin.end();
    await disconnectAllPrismaClients();
  });

  /** As the database's superuser: these tables force row-level security and take writes only from the platform path. */
  async function queryAsAdmin<Row extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<Row[]> {
    return (await admin.query<Row>(sql, values)).rows;
  }

  async function insertRewrapJob(error: string): Promise<string> {
    const rows = await queryAsAdmin<{ id: string }>(
      `INSERT INTO kms_rewrap_jobs (tenant_id, state, from_owner, to_owner, source_key_id, requested_by, error, finished_at)
       VALUES ($1, 'failed', 'tenant', 'tenant', 'key-1', 'test', $2, now()) RETURNING id`,
      [tenant.id, error],
    );
    return rows[0].id;
  }

  test('a re-wrap job holding driver text reads as a plain sentence with the job id as reference', async () => {
    const jobId = await insertRewrapJob(DRIVER_TEXT);
    const stored = await queryAsAdmin<{ error: string }>('SELECT error FROM kms_rewrap_jobs WHERE id = $1', [jobId]);
    assert.equal(stored[0].error, DRIVER_TEXT, 'positive control: the row holds the raw text');
    const job = await getRewrapJob(tenant.id, jobId);
    assert.equal(job?.error, `The re-wrap job stopped on an unexpected error; resume it to continue. Reference: ${jobId}`);
  });

  test('what the code stores now (a sentence and a reference) reads as stored', async () => {
    const current = `The KMS is temporarily unavailable. Try again in a few minutes. Reference: ${randomUUID()}`;
    const job = await getRewrapJob(tenant.id, await insertRewrapJob(current));
    assert.equal(job?.error, current);
  });

  test("a placement operation holding driver text reads as a plain sentence with the operation's id", async () => {
    const insert = async (layer: string, error: string) =>
      (
        await queryAsAdmin<{ id: string }>(
          `INSERT INTO placement_operations (tenant_id, layer, kind, to_tier, status, steps, schema_name, error, finished_at)
         VALUES ($1, $2, 'migrate', 'schema_kms', 'failed', ARRAY['copy'], 'tenant_x', $3, now()) RETURNING id`,
          [tenant.id, layer, error],
        )
      )[0].id;
    const raw = await insert('retrieval', `copy: ${DRIVER_TEXT}`);
    const current = `copy: The dedicated database refused the connection. Reference: ${randomUUID()}`;
    await insert('prompt', current);
    const earlier = `copy: failed; see the server log for operation ${randomUUID()}`;
    await insert('logs', earlier);

    const status = await findPlacementStatus(tenant.id);
    const errorOf = (layer: string) => status.find((entry) => entry.layer === layer)?.operation?.error;
    assert.equal(errorOf('retrieval'), `The migrate operation stopped on an unexpected error. Reference: ${raw}`);
    assert.equal(errorOf('prompt'), current, 'the current form reads as stored');
    assert.equal(errorOf('logs'), earlier, 'the earlier form, already free of driver text, reads as stored');
    assert.ok(!JSON.stringify(status).includes('does not exist'), 'no driver text anywhere in the status');
  });
});
