import { Badge } from '@/components/ui/badge';
import { DATA_CLASS_LABELS, REGIME_LABELS, TENANT_KIND_LABELS, type DataClass, type Regime, type TenantKind } from '@/lib/policy';

export interface ProfileSummaryFields {
  slug: string;
  kind: TenantKind;
  dataClasses: string[];
  regimes: string[];
  adversarial: boolean;
  hasOwnDpa: boolean;
  notes: string;
}

/** The classification, read-only (what tenant admins, members and compliance officers see). */
export function ProfileSummary({ tenant }: { tenant: ProfileSummaryFields }) {
  return (
    <dl className="grid grid-cols-3 gap-y-2 text-sm" data-testid="profile-summary">
      <dt className="text-slate-500">Slug</dt>
      <dd className="col-span-2 font-mono">{tenant.slug}</dd>
      <dt className="text-slate-500">Kind</dt>
      <dd className="col-span-2">{TENANT_KIND_LABELS[tenant.kind]}</dd>
      <dt className="text-slate-500">Data classes</dt>
      <dd className="col-span-2 flex flex-wrap gap-1">
        {tenant.dataClasses.length ? tenant.dataClasses.map((c) => <Badge key={c}>{DATA_CLASS_LABELS[c as DataClass] ?? c}</Badge>) : <Badge>none</Badge>}
      </dd>
      <dt className="text-slate-500">Regimes</dt>
      <dd className="col-span-2 flex flex-wrap gap-1">
        {tenant.regimes.length ? (
          tenant.regimes.map((r) => (
            <Badge key={r} tone="warn">
              {REGIME_LABELS[r as Regime] ?? r}
            </Badge>
          ))
        ) : (
          <Badge>none</Badge>
        )}
      </dd>
      <dt className="text-slate-500">Adversarial threat</dt>
      <dd className="col-span-2">{tenant.adversarial ? 'Yes' : 'No'}</dd>
      {tenant.kind === 'external_client' && (
        <>
          <dt className="text-slate-500">Own data processing agreement</dt>
          <dd className="col-span-2">{tenant.hasOwnDpa ? 'Yes' : 'No'}</dd>
        </>
      )}
      <dt className="text-slate-500">Notes</dt>
      <dd className="col-span-2 whitespace-pre-wrap break-words">{tenant.notes || '—'}</dd>
    </dl>
  );
}
