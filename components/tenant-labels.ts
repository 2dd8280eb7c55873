export function formatTenantKind(kind: 'internal_department' | 'external_client'): string {
  return kind === 'internal_department' ? 'Internal department' : 'External client';
}
