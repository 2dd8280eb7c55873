import 'server-only';
// The first line of an audit export, apart from export-format.ts so that the seal (export-seal.ts),
// which signs it, and the format, which writes and reads it, need not import each other.

export const EXPORT_FORMAT = 'bulkhead-audit-export';
/** 2: the seal line. Version 1 files cannot show they are whole, so this verifier refuses them. */
export const EXPORT_VERSION = 2;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  tenantId: string;
  /** First event time included (ISO); null = from the tenant's first event. */
  from: string | null;
  /** Last event time included (ISO); null = through the chain's head when exported. */
  to: string | null;
  /** Ed25519 checkpoint key, base64 SPKI DER. Trust it only after comparing its fingerprint with a pinned copy. */
  publicKey: string;
  exportedAt: string;
}
