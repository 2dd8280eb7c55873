import 'server-only';
import { z } from 'zod';

/**
 * Server configuration: every environment variable the server code reads, each with what makes a
 * value valid. Values are read when used (tests and scripts change process.env as they go), and
 * assertValidEnvironment() checks every variable that is set when a process starts, so a bad value
 * fails at once with the variable's name instead of as a confusing error later. An empty value
 * counts as unset. Values are never echoed in messages: some are secrets.
 */

const url = z.string().refine((value) => URL.canParse(value), 'must be a URL');
const text = z.string();
const positiveInteger = z.coerce.number().int('must be a whole number').positive('must be greater than 0');
const nonNegativeInteger = z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more');
const positiveNumber = z.coerce.number().positive('must be a number greater than 0');
// A bearer token guessable by nobody: long enough that trying tokens online is hopeless.
const metricsToken = z.string().min(32, 'must be at least 32 characters (for example: openssl rand -hex 32)');
const port = z.coerce.number().int('must be a whole number').min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true');
const origin = url.refine((value) => new URL(value).origin === value.replace(/\/$/, ''), 'must be an origin such as https://console.example.com (no path)');
// host or host:port, as a URL writes it (lower case, IPv6 in brackets), comma-separated.
const hostList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine(
    (hosts) => hosts.every((host) => URL.canParse(`http://${host}`) && new URL(`http://${host}`).host === host),
    'must list hosts as host or host:port, comma-separated',
  );

const variables = {
  // The console's database roles (npm run demo sets them; see README "Configuration").
  BULKHEAD_APP_DATABASE_URL: url,
  BULKHEAD_PLATFORM_DATABASE_URL: url,
  BULKHEAD_OWNER_DATABASE_URL: url,
  BULKHEAD_DB_POOL_SIZE: positiveInteger,
  BULKHEAD_SQL_STATEMENT_TIMEOUT_MS: positiveInteger,
  // Secrets.
  AUTH_SECRET: text,
  BULKHEAD_AUDIT_KEK: text,
  BULKHEAD_CACHE_SALT_SECRET: text,
  // The gateway.
  BULKHEAD_LOCAL_MODEL_URL: url,
  BULKHEAD_UPSTREAM_TIMEOUT_MS: positiveInteger,
  BULKHEAD_ACTIVE_PROMPT_CACHE_MS: nonNegativeInteger,
  BULKHEAD_TENANT_CONFIG_CACHE_MS: nonNegativeInteger,
  BULKHEAD_API_KEY_CACHE_MS: nonNegativeInteger,
  BULKHEAD_READINESS_TIMEOUT_MS: positiveInteger,
  // Operations: Prometheus metrics and logs (docs/observability.md).
  BULKHEAD_METRICS_TOKEN: metricsToken,
  BULKHEAD_GATEWAY_METRICS_PORT: port,
  BULKHEAD_GATEWAY_METRICS_HOST: text,
  BULKHEAD_LOG_LEVEL: logLevel,
  BULKHEAD_LOG_PRETTY: z.enum(['0', '1']),
  // Hosts a tenant's dedicated endpoint may name although they are not public (loopback, private
  // network, link-local): the platform's allow-list against server-side request forgery.
  BULKHEAD_UPSTREAM_PRIVATE_HOSTS: hostList,
  // The console's address as browsers reach it, and whether a reverse proxy in front may say so
  // instead (X-Forwarded-Host / X-Forwarded-Proto / X-Forwarded-For are ignored unless true).
  BULKHEAD_PUBLIC_ORIGIN: origin,
  BULKHEAD_TRUST_PROXY: flag,
  // Placement (lib/placement/placement-config.ts reads these).
  BULKHEAD_DATA_PLANE_MIGRATIONS_DIR: text,
  BULKHEAD_PLACEMENT_MAX_CONNECTIONS: positiveInteger,
  BULKHEAD_PLACEMENT_POOL_SIZE: positiveInteger,
  BULKHEAD_PLACEMENT_SHARED_POOL_SIZE: positiveInteger,
  BULKHEAD_PLACEMENT_SHARED_POOL_LANES: positiveInteger,
  BULKHEAD_PLACEMENT_DRAIN_MS: nonNegativeInteger,
  BULKHEAD_PLACEMENT_READ_CACHE_MS: nonNegativeInteger,
  BULKHEAD_PLACEMENT_RELEASE_WAIT_MS: nonNegativeInteger,
  // How often the console runs the conformance suite ('off' or milliseconds; lib/conformance/schedule.ts checks the range).
  BULKHEAD_CONFORMANCE_INTERVAL_MS: text,
  // How a process names itself in its database sessions (lib/db/process-identity.ts).
  PGAPPNAME: text,
  // KMS (lib/kms/config.ts reads these from the environment it is given).
  BULKHEAD_KMS: z.enum(['aws', 'local'], { message: 'must be aws or local' }),
  BULKHEAD_KMS_ENDPOINT: url,
  BULKHEAD_KMS_ACCESS_KEY_ID: text,
  BULKHEAD_KMS_SECRET_ACCESS_KEY: text,
  BULKHEAD_KMS_CONNECT_TIMEOUT_MS: positiveNumber,
  BULKHEAD_KMS_REQUEST_TIMEOUT_MS: positiveNumber,
  BULKHEAD_KMS_MAX_ATTEMPTS: positiveNumber,
  BULKHEAD_KMS_RETRY_BASE_DELAY_MS: positiveNumber,
  BULKHEAD_KMS_RETRY_MAX_DELAY_MS: positiveNumber,
  BULKHEAD_KMS_DATA_KEY_MAX_AGE_MS: positiveNumber,
  BULKHEAD_KMS_DATA_KEY_MAX_USES: positiveNumber,
  BULKHEAD_KMS_DATA_KEY_MAX_ENTRIES: positiveNumber,
  AWS_REGION: text,
  // Single sign-on with an OpenID Connect provider (lib/auth/sso); settings saved in the console win.
  BULKHEAD_OIDC_ISSUER: url,
  BULKHEAD_OIDC_CLIENT_ID: text,
  BULKHEAD_OIDC_CLIENT_SECRET: text,
  BULKHEAD_PASSWORD_SIGN_IN: z.enum(['on', 'off'], { message: 'must be on or off' }),
  // Retrieval (lib/retrieval/embeddings.ts reads these from the environment it is given).
  BULKHEAD_EMBEDDINGS_URL: url,
  BULKHEAD_EMBEDDINGS_MODEL: text,
  BULKHEAD_EMBEDDINGS_API_KEY: text,
} satisfies Record<string, z.ZodType>;

type VariableName = keyof typeof variables;
type VariableValue<Name extends VariableName> = z.output<(typeof variables)[Name]>;

/** A setting is missing or has a value that cannot work; the message names the variable. */
export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/** The variable's validated value, or undefined when it is unset or empty. */
function read<Name extends VariableName>(name: Name): VariableValue<Name> | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = variables[name].safeParse(raw);
  if (!parsed.success) throw new EnvironmentError(`${name} ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
  return parsed.data as VariableValue<Name>;
}

function required<Name extends VariableName>(name: Name): VariableValue<Name> {
  const value = read(name);
  if (value === undefined) throw new EnvironmentError(`${name} is not set. Start the console with "npm run demo" (which sets it) or set it yourself.`);
  return value;
}

export const env = {
  get appDatabaseUrl() {
    return required('BULKHEAD_APP_DATABASE_URL');
  },
  get platformDatabaseUrl() {
    return required('BULKHEAD_PLATFORM_DATABASE_URL');
  },
  get databasePoolSize() {
    return read('BULKHEAD_DB_POOL_SIZE') ?? 10;
  },
  /** How long one SQL statement may wait (locks, a stalled server) before it fails. */
  get sqlStatementTimeoutMs() {
    return read('BULKHEAD_SQL_STATEMENT_TIMEOUT_MS') ?? 10_000;
  },
  get authSecret() {
    return read('AUTH_SECRET');
  },
  get auditKeyEncryptionSecret() {
    return read('BULKHEAD_AUDIT_KEK');
  },
  get cacheSaltSecret() {
    return read('BULKHEAD_CACHE_SALT_SECRET');
  },
  /** The OpenID Connect provider set by the environment, when all three parts are. */
  get oidcFromEnvironment() {
    const issuer = read('BULKHEAD_OIDC_ISSUER');
    const clientId = read('BULKHEAD_OIDC_CLIENT_ID');
    const clientSecret = read('BULKHEAD_OIDC_CLIENT_SECRET');
    return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : null;
  },
  get isPasswordSignInOffByEnvironment() {
    return read('BULKHEAD_PASSWORD_SIGN_IN') === 'off';
  },
  /** The local model simulator this stack started, if any. */
  get localModelUrl() {
    return read('BULKHEAD_LOCAL_MODEL_URL');
  },
  get upstreamTimeoutMs() {
    return read('BULKHEAD_UPSTREAM_TIMEOUT_MS') ?? 30_000;
  },
  /** Hosts (host or host:port) a dedicated endpoint may name though they are not public addresses. */
  get upstreamPrivateHosts(): readonly string[] {
    return read('BULKHEAD_UPSTREAM_PRIVATE_HOSTS') ?? [];
  },
  /** The console's public origin, when configured (same-origin checks compare against it). */
  get publicOrigin() {
    return read('BULKHEAD_PUBLIC_ORIGIN')?.replace(/\/$/, '');
  },
  /** Whether forwarded headers come from a reverse proxy the operator put in front (never by default). */
  get trustProxy() {
    return read('BULKHEAD_TRUST_PROXY') ?? false;
  },
  get activePromptCacheMs() {
    return read('BULKHEAD_ACTIVE_PROMPT_CACHE_MS') ?? 2_000;
  },
  /** How long a process may serve a tenant's settings from memory (change notices end it sooner). */
  get tenantConfigCacheMs() {
    return read('BULKHEAD_TENANT_CONFIG_CACHE_MS') ?? 10_000;
  },
  /** How long a process may trust a verified API key from memory (change notices end it sooner). */
  get apiKeyCacheMs() {
    return read('BULKHEAD_API_KEY_CACHE_MS') ?? 5_000;
  },
  /** How long each /readyz dependency check may take before it counts as unreachable. */
  get readinessTimeoutMs() {
    return read('BULKHEAD_READINESS_TIMEOUT_MS') ?? 2_000;
  },
  /** The bearer token `/metrics` asks for on a public port; unset, those ports do not serve metrics. */
  get metricsToken() {
    return read('BULKHEAD_METRICS_TOKEN');
  },
  /** A port of its own for the gateway's metrics (no token: bind it where only the scraper reaches). */
  get gatewayMetricsPort() {
    return read('BULKHEAD_GATEWAY_METRICS_PORT');
  },
  get gatewayMetricsHost() {
    return read('BULKHEAD_GATEWAY_METRICS_HOST') ?? '127.0.0.1';
  },
  get logLevel() {
    return read('BULKHEAD_LOG_LEVEL') ?? 'info';
  },
  /** Human-readable log lines (npm run demo) instead of JSON. */
  get isLogPretty() {
    return read('BULKHEAD_LOG_PRETTY') === '1';
  },
  get dataPlaneMigrationsDir() {
    return read('BULKHEAD_DATA_PLANE_MIGRATIONS_DIR');
  },
  /** The owner role's URL: provisioning runs DDL as it. Never given to a request-serving process. */
  get ownerDatabaseUrl() {
    const value = read('BULKHEAD_OWNER_DATABASE_URL');
    if (!value) throw new EnvironmentError('BULKHEAD_OWNER_DATABASE_URL is not set: provisioning needs the owner role.');
    return value;
  },
  get placementMaxConnections() {
    return read('BULKHEAD_PLACEMENT_MAX_CONNECTIONS') ?? 100;
  },
  get placementPoolSize() {
    return read('BULKHEAD_PLACEMENT_POOL_SIZE') ?? 2;
  },
  get placementSharedPoolSize() {
    return read('BULKHEAD_PLACEMENT_SHARED_POOL_SIZE') ?? 16;
  },
  get placementSharedPoolLanes() {
    return read('BULKHEAD_PLACEMENT_SHARED_POOL_LANES') ?? 4;
  },
  get placementDrainMs() {
    return read('BULKHEAD_PLACEMENT_DRAIN_MS') ?? 10_000;
  },
  get placementReadCacheMs() {
    return read('BULKHEAD_PLACEMENT_READ_CACHE_MS') ?? 2_000;
  },
  get placementReleaseWaitMs() {
    return read('BULKHEAD_PLACEMENT_RELEASE_WAIT_MS') ?? 45_000;
  },
  /** The conformance schedule's setting as written ('off' or milliseconds), checked by lib/conformance/schedule.ts. */
  get conformanceIntervalSetting() {
    return read('BULKHEAD_CONFORMANCE_INTERVAL_MS');
  },
  /** An operator's or a test harness's name for this process's database sessions. */
  get applicationName() {
    return read('PGAPPNAME');
  },
};

/**
 * Checks every variable that is set. Called when a server process starts (instrumentation.ts).
 * @throws EnvironmentError naming each variable whose value is not valid
 */
export function assertValidEnvironment(): void {
  const problems: string[] = [];
  for (const name of Object.keys(variables) as VariableName[]) {
    try {
      read(name);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems.join('\n'));
}
