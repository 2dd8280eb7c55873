import 'server-only';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { env } from '@/lib/env';
import { decryptForTenant, encryptForTenant } from '@/lib/kms';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';

/** The OpenID Connect provider sign-in uses, wherever it was configured. */
export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** False when a platform admin turned password sign-in off (only possible with SSO on). */
  isPasswordSignInEnabled: boolean;
  source: 'console' | 'environment';
}

/** The client secret is sealed under the platform KMS key, bound to this one purpose. */
const secretScope = { tenantId: PLATFORM_CHAIN_ID, purpose: 'secret' as const, recordId: 'sso_settings:client_secret', keyOwner: 'platform' as const };

export function sealClientSecret(secret: string): Promise<string> {
  return encryptForTenant(secretScope, secret);
}

// Read on every request (next-auth builds its configuration per request): kept briefly per process,
// and dropped at once in the process that saves new settings.
const CACHE_MS = 5_000;
const shared = globalThis as unknown as { bulkheadSsoConfig?: { value: Promise<SsoConfig | null>; at: number } };

/**
 * The SSO configuration: the console's saved settings (secret opened through KMS) when present,
 * else the environment's, else null (SSO off). Fails closed: an unreadable saved secret throws.
 * Concurrent requests share one load, so an expired cache never sends a burst of reads to the database.
 */
export async function getSsoConfig(): Promise<SsoConfig | null> {
  const cached = shared.bulkheadSsoConfig;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = loadSsoConfig();
  shared.bulkheadSsoConfig = { value, at: Date.now() };
  // A failed load is not kept: the next request tries again.
  value.catch(() => {
    if (shared.bulkheadSsoConfig?.value === value) shared.bulkheadSsoConfig = undefined;
  });
  return value;
}

export function forgetSsoConfig(): void {
  shared.bulkheadSsoConfig = undefined;
}

async function loadSsoConfig(): Promise<SsoConfig | null> {
  const saved = await withPlatformSystemAccess('reading the single sign-on settings', (tx) => tx.ssoSettings.findUnique({ where: { id: true } }));
  if (saved) {
    const clientSecret = (await decryptForTenant(secretScope, saved.clientSecretSealed)).toString('utf8');
    return { issuer: saved.issuer, clientId: saved.clientId, clientSecret, isPasswordSignInEnabled: saved.passwordSignInEnabled, source: 'console' };
  }
  const fromEnvironment = env.oidcFromEnvironment;
  if (!fromEnvironment) return null;
  return { ...fromEnvironment, isPasswordSignInEnabled: !env.isPasswordSignInOffByEnvironment, source: 'environment' };
}

/** Whether the sign-in page offers the password form: always without SSO, so nobody is locked out. */
export async function isPasswordSignInEnabled(): Promise<boolean> {
  const config = await getSsoConfig();
  return config === null || config.isPasswordSignInEnabled;
}
