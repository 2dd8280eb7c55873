import 'server-only';
import { KmsNotConfiguredError } from './errors';

/**
 * Where lib/kms sends key operations, chosen in one place and only by an explicit setting, so a
 * production server never drifts onto a development key store because its AWS credentials were
 * not where we looked:
 * - `BULKHEAD_KMS=aws`: AWS KMS. Credentials come from the SDK's default chain (environment, SSO
 *   and shared profiles, web identity, container and instance roles) and the region from
 *   `AWS_REGION` or the profile; `BULKHEAD_KMS_ENDPOINT` may name a VPC endpoint.
 * - `BULKHEAD_KMS=local`, or `BULKHEAD_KMS_ENDPOINT` alone: the KMS-compatible server the project
 *   ships (scripts/local-kms) or another at that endpoint, signed with the local credentials.
 * - neither: no KMS, and every key operation is refused (KmsNotConfiguredError).
 */
export interface KmsConfig {
  target: 'aws' | 'local';
  /** For AWS only a VPC endpoint, if set; otherwise the SDK picks the regional endpoint. */
  endpoint?: string;
  /** Undefined for AWS without AWS_REGION: the SDK then reads it from the shared config profile. */
  region?: string;
  /** Undefined for AWS (the SDK's default credential chain: env, profile, web identity, container and instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** Attempts per KMS operation by our retry wrapper (the SDK itself makes one). */
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** A cached data key is used for at most this long... */
  dataKeyMaxAgeMs: number;
  /** ...and for at most this many messages, whichever comes first. */
  dataKeyMaxUses: number;
  /** Cap on cached data keys (oldest evicted first), so memory is bounded too. */
  dataKeyMaxEntries: number;
}

export const defaultLocalKmsEndpoint = 'http://127.0.0.1:4599';

/**
 * The fixed credentials the local KMS accepts when none are configured. They protect nothing
 * (the server listens on loopback only); they exist so requests are signed exactly as for AWS.
 */
export const defaultLocalKmsCredentials = {
  accessKeyId: 'BULKHEADLOCALKMS0001',
  secretAccessKey: 'bulkhead-local-kms-not-a-secret',
};

export const kmsSettingHelp =
  'Set BULKHEAD_KMS=aws for AWS KMS (credentials from the SDK default chain) or BULKHEAD_KMS=local for the local KMS server (development and tests).';

/** Reads the KMS configuration from the environment (call again after changing it; see resetKmsClient). */
export function readKmsConfig(env: Record<string, string | undefined> = process.env): KmsConfig {
  const target = readTarget(env);
  const endpoint = env.BULKHEAD_KMS_ENDPOINT || undefined;
  return {
    target,
    endpoint: target === 'aws' ? endpoint : (endpoint ?? defaultLocalKmsEndpoint),
    region: target === 'aws' ? env.AWS_REGION || undefined : (env.AWS_REGION ?? 'us-east-1'),
    credentials:
      target === 'aws'
        ? undefined
        : {
            accessKeyId: env.BULKHEAD_KMS_ACCESS_KEY_ID ?? defaultLocalKmsCredentials.accessKeyId,
            secretAccessKey: env.BULKHEAD_KMS_SECRET_ACCESS_KEY ?? defaultLocalKmsCredentials.secretAccessKey,
          },
    connectionTimeoutMs: readPositive(env, 'BULKHEAD_KMS_CONNECT_TIMEOUT_MS', 1_000),
    requestTimeoutMs: readPositive(env, 'BULKHEAD_KMS_REQUEST_TIMEOUT_MS', 2_000),
    maxAttempts: readPositive(env, 'BULKHEAD_KMS_MAX_ATTEMPTS', 3),
    retryBaseDelayMs: readPositive(env, 'BULKHEAD_KMS_RETRY_BASE_DELAY_MS', 25),
    retryMaxDelayMs: readPositive(env, 'BULKHEAD_KMS_RETRY_MAX_DELAY_MS', 250),
    dataKeyMaxAgeMs: readPositive(env, 'BULKHEAD_KMS_DATA_KEY_MAX_AGE_MS', 60_000),
    dataKeyMaxUses: readPositive(env, 'BULKHEAD_KMS_DATA_KEY_MAX_USES', 50_000),
    dataKeyMaxEntries: readPositive(env, 'BULKHEAD_KMS_DATA_KEY_MAX_ENTRIES', 10_000),
  };
}

/** For start-up checks: throws an error naming the setting to fix when no KMS is configured. */
export function assertKmsConfigured(env: Record<string, string | undefined> = process.env): void {
  try {
    readKmsConfig(env);
  } catch (error) {
    if (error instanceof KmsNotConfiguredError) throw new Error((error.cause as Error).message);
    throw error;
  }
}

function readTarget(env: Record<string, string | undefined>): KmsConfig['target'] {
  const setting = env.BULKHEAD_KMS?.trim().toLowerCase() || undefined;
  if (setting === 'aws' || setting === 'local') return setting;
  if (setting !== undefined) throw new KmsNotConfiguredError(`BULKHEAD_KMS must be aws or local. ${kmsSettingHelp}`);
  if (env.BULKHEAD_KMS_ENDPOINT) return 'local';
  throw new KmsNotConfiguredError(`No KMS is configured. ${kmsSettingHelp}`);
}

function readPositive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}").`);
  return value;
}
