import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SsoMappingsPanel } from '@/components/sso/sso-mappings-panel';
import { SsoSettingsForm } from '@/components/sso/sso-settings-form';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { getSsoSettingsView } from '@/lib/auth/sso/manage-sso-settings';
import { getSsoConfig } from '@/lib/auth/sso/sso-settings';
import { findTenantChoices } from '@/lib/control/identity/find-users';
import { addSsoMappingAction, deleteSsoSettingsAction, removeSsoMappingAction, saveSsoSettingsAction } from './actions';

export const metadata: Metadata = { title: 'Single sign-on' };

/** The OpenID Connect provider and the claim → role mapping applied at each SSO sign-in. */
export default async function SsoPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const [{ settings, mappings }, tenants, active] = await Promise.all([getSsoSettingsView(principal), findTenantChoices(principal), getSsoConfig()]);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Single sign-on</h1>
        <p className="text-sm text-slate-600">
          People sign in with your OpenID Connect identity provider. At each sign-in their account gets exactly the tenant and platform roles the rules below
          give their claims (roles granted in the console stay; the last platform admin keeps the role); someone whose claims match no rule sees a &quot;no
          access&quot; page. Register <code className="font-mono text-xs">/api/auth/callback/oidc</code> on this console&apos;s address as the redirect URI.
        </p>
        {active?.source === 'environment' && !settings && (
          <p className="mt-2 text-sm text-slate-700" data-testid="sso-from-environment">
            Single sign-on is configured by the environment (issuer {active.issuer}). Settings saved here replace it.
          </p>
        )}
      </header>
      <SsoSettingsForm settings={settings} save={saveSsoSettingsAction} remove={deleteSsoSettingsAction} />
      <SsoMappingsPanel mappings={mappings} tenants={tenants} add={addSsoMappingAction} remove={removeSsoMappingAction} />
    </div>
  );
}
