import http from 'node:http';
import Provider from 'oidc-provider';

/** The identity provider's port in the browser tests (each helper run has its own). */
export const OIDC_PROVIDER_PORT = Number(process.env.BULKHEAD_E2E_OIDC_PORT ?? 3531);

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Sets the groups an account's ID token will carry from its next sign-in on. */
  setGroups(accountId: string, groups: string[]): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback, with one client for the
 * console and its built-in development login (any login name and password). The ID token carries
 * email and groups, as enterprise providers configure it. `issuer` may differ from where it
 * listens, to play a provider that claims to be another.
 */
export async function startLocalOidcProvider(options: { consoleOrigin: string; port: number; issuer?: string }): Promise<LocalOidcProvider> {
  const issuer = options.issuer ?? `http://127.0.0.1:${options.port}`;
  const clientId = 'bulkhead-console';
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const groups = new Map<string, string[]>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${options.consoleOrigin}/api/auth/callback/oidc`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // Claims in the ID token itself (next-auth reads the profile from it), not only from userinfo.
    conformIdTokenClaims: false,
    cookies: { keys: [`cookie-key-${clientSecret}`] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_context, accountId) {
      return {
        accountId,
        async claims() {
          return { sub: accountId, email: `${accountId}@sso.example`, email_verified: true, name: `SSO ${accountId}`, groups: groups.get(accountId) ?? [] };
        },
      };
    },
  });
  // What the provider refused, in the test output: the console only sees "an error in the response body".
  const report = (event: string) => (context: { oidc?: { params?: { redirect_uri?: unknown } } }, error: { message?: string; error_detail?: string }) =>
    console.error(`oidc-provider ${event}: ${error.message} ${error.error_detail ?? ''} (redirect_uri ${String(context.oidc?.params?.redirect_uri)})`);
  provider.on('grant.error', report('grant.error'));
  provider.on('authorization.error', report('authorization.error'));
  provider.on('server_error', report('server_error'));
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    clientId,
    clientSecret,
    setGroups: (accountId, list) => groups.set(accountId, list),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
