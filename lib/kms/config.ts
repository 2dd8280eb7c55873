import 'server-only';
/**
 * Where lib/kms sends key operations, chosen in one place: real AWS KMS when `AWS_REGION` and AWS
 * credentials are configured and `BULKHEAD_KMS_ENDPOINT` is not; otherwise the local KMS server
 * the project ships (scripts/local-kms), at `BULKHEAD_KMS_ENDPOINT` or http://127.0.0.1:4599.
 */
export interface KmsConfig {
  target: 'aws' | 'local';
  /** Undefined for AWS (the SDK picks the regional endpoint). */
  endpoint?: string;
  region: string;
  /** Undefined for AWS (the SDK's default credential chain: env, profile, web identity, instance role). */
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

/** Reads the KMS configuration from the environment (call again after changing it; see resetKmsClient). */
export function readKmsConfig(env: Record<string, string | undefined> = process.env): KmsConfig {
  const hasAwsCredentials = Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
  const isAws = Boolean(env.AWS_REGION && hasAwsCredentials && !env.BULKHEAD_KMS_ENDPOINT);
  return {
    target: isAws ? 'aws' : 'local',
    endpoint: isAws ? undefined : (env.BULKHEAD_KMS_ENDPOINT ?? defaultLocalKmsEndpoint),
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: isAws
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

function readPositive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}").`);
  return value;
}
