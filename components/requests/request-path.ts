/** The console page of one gateway request of a tenant. */
export function buildRequestPath(slug: string, requestId: string): string {
  return `/tenants/${encodeURIComponent(slug)}/requests/${encodeURIComponent(requestId)}`;
}
