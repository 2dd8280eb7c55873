// Shared by the key-lifecycle database tests: a real table of ciphertexts with RLS like every tenant
// table, registered as an encrypted column, and a way to read a tenant's audit events back.
import { randomUUID } from 'node:crypto';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { connectAsOwner } from '@/lib/testing/fixtures';
import { registerEncryptedColumn } from './encrypted-columns';
import { encryptForTenant } from './envelope';
import { parseEnvelope } from './envelope-format';
import { purgeTenant } from './data-keys';
import { readBlobHeader } from '@/scripts/local-kms/crypto';

export interface EncryptedTestTable {
  name: string;
  /** Inserts `count` rows of `<label>-<n>` plaintexts; `isFreshDataKey` forces a new data key per row. */
  insertRows(tenantId: string, count: number, options?: { label?: string; isFreshDataKey?: boolean }): Promise<{ id: string; plaintext: string }[]>;
  readRows(tenantId: string): Promise<{ id: string; secret: string }[]>;
  drop(): Promise<void>;
}

export async function createEncryptedTestTable(label: string): Promise<EncryptedTestTable> {
  const name = `kms_test_${label}_${randomUUID().slice(0, 8)}`;
  const owner = await connectAsOwner();
  try {
    // Created with RLS and its policy at once, so the catalog test running beside it still passes.
    await owner.query(`BEGIN;
      CREATE TABLE ${name} (id text PRIMARY KEY, tenant_id uuid NOT NULL, secret text);
      ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${name} TO bulkhead_app
        USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
      GRANT SELECT, INSERT, UPDATE ON ${name} TO bulkhead_app;
      COMMIT;`);
  } finally {
    await owner.end();
  }
  const unregister = registerEncryptedColumn({ table: name, idColumn: 'id', ciphertextColumn: 'secret', tenantIdColumn: 'tenant_id', purpose: 'secret' });
  return {
    name,
    async insertRows(tenantId, count, { label: rowLabel = 'row', isFreshDataKey = false } = {}) {
      const rows: { id: string; plaintext: string; secret: string }[] = [];
      for (let n = 0; n < count; n += 1) {
        if (isFreshDataKey) purgeTenant(tenantId);
        const id = `${rowLabel}-${String(n).padStart(3, '0')}-${randomUUID().slice(0, 4)}`;
        const plaintext = `${rowLabel} secret ${n}`;
        rows.push({ id, plaintext, secret: await encryptForTenant({ tenantId, purpose: 'secret', recordId: id }, plaintext) });
      }
      await withTenant(tenantId, async (tx) => {
        for (const row of rows)
          await tx.$executeRawUnsafe(`INSERT INTO ${name} (id, tenant_id, secret) VALUES ($1, $2::uuid, $3)`, row.id, tenantId, row.secret);
      });
      return rows.map(({ id, plaintext }) => ({ id, plaintext }));
    },
    readRows: (tenantId) => withTenant(tenantId, (tx) => tx.$queryRawUnsafe<{ id: string; secret: string }[]>(`SELECT id, secret FROM ${name} ORDER BY id`)),
    async drop() {
      unregister();
      const client = await connectAsOwner();
      try {
        await client.query(`DROP TABLE IF EXISTS ${name}`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Which KMS key material wraps a stored ciphertext's data key (the local KMS blob header names it). */
export function readMaterialId(ciphertext: string): string {
  return readBlobHeader(parseEnvelope(ciphertext).wrappedKey).materialId;
}

/** The tenant's (or the platform chain's) kms.* audit events, oldest first. */
export function findKmsAuditEvents(tenantId: string) {
  return withTenant(tenantId, (tx) =>
    tx.auditEvent.findMany({
      where: { tenantId, action: { startsWith: 'kms.' } },
      orderBy: { seq: 'asc' },
      select: { action: true, actorId: true, target: true, outcome: true, payloadJson: true },
    }),
  );
}
