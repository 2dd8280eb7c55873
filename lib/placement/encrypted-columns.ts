import 'server-only';
import { registerEncryptedColumn } from '@/lib/kms';

/**
 * The placement secrets sealed under each tenant's key (lib/placement/placement-secrets.ts), declared
 * so key rotation re-wraps them and deletion receipts count them. Loaded once at server start.
 */
export function registerPlacementEncryptedColumns() {
  for (const ciphertextColumn of ['role_password_sealed', 'external_url_sealed']) {
    registerEncryptedColumn({ table: 'placements', idColumn: 'layer', ciphertextColumn, tenantIdColumn: 'tenant_id', purpose: 'secret', access: 'platform' });
  }
}
