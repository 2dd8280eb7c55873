/** How every connection to a registered server negotiates TLS (the pg driver's `sslmode`). */
export const TLS_MODES = ['disable', 'require', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** The owner URL as connections use it: the server's TLS mode written into `sslmode`, whatever the URL said. */
export function applyTlsMode(ownerUrl: string, tlsMode: TlsMode): string {
  const url = new URL(ownerUrl);
  url.searchParams.set('sslmode', tlsMode);
  return url.toString();
}

/**
 * What a placement on the server keeps (sealed under its tenant's key) to reach it as its own role:
 * host, port, database and TLS settings, never the owner's name or password. Request handling opens
 * it; only the placement worker opens the owner URL.
 */
export function toServerAddressUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = '';
  url.password = '';
  return url.toString();
}

/** Host and port of a URL, for display and for the reachability check. */
export function readServerAddress(ownerUrl: string): { host: string; port: number } {
  const url = new URL(ownerUrl);
  return { host: url.hostname, port: url.port ? Number(url.port) : 5432 };
}
