import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { platformKeyAlias, type TenantKeyStatus } from '@/lib/kms';
import type { RewrapJob } from '@/lib/control/keys/rewrap-job';
import type { KeyPanelActions } from './key-action-types';
import { KeyControls } from './key-controls';
import { OffboardForm } from './offboard-form';

interface KmsKeyPanelProps {
  tenant: { id: string; slug: string };
  status: TenantKeyStatus;
  /** The tenant's latest re-wrap job, if any (its progress and the resume control). */
  latestJob: RewrapJob | null;
  /** Offboarding is for platform admins only (the action checks again). */
  canOffboard: boolean;
  actions: KeyPanelActions;
}

const stateTones: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = { Enabled: 'good', Disabled: 'bad', PendingDeletion: 'bad' };
const formatTime = (date: Date | undefined) => (date ? date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

/**
 * The tenant's KMS key: id, alias, state, rotation, this server's data-key cache figures for the
 * tenant and its last use here, with the lifecycle controls. Tenants whose tiers are all
 * `namespace` are shown the shared platform key they use instead.
 */
export function KmsKeyPanel({ tenant, status, latestJob, canOffboard, actions }: KmsKeyPanelProps) {
  const { key } = status;
  const facts: [string, React.ReactNode][] = [
    [
      'Key id',
      <code key="id" className="font-mono text-xs" data-testid="kms-key-id">
        {key?.keyId ?? '—'}
      </code>,
    ],
    [
      'Alias',
      <code key="alias" className="font-mono text-xs">
        {key?.alias ?? (status.owner === 'platform' ? platformKeyAlias : '—')}
      </code>,
    ],
    [
      'State',
      key ? (
        <Badge key="state" tone={stateTones[key.state] ?? 'neutral'}>
          {key.state}
        </Badge>
      ) : (
        '—'
      ),
    ],
    [
      'Automatic rotation',
      status.rotation
        ? status.rotation.isEnabled
          ? `every ${status.rotation.periodDays} days, next ${formatTime(status.rotation.nextRotationDate)}`
          : 'off'
        : '—',
    ],
    ['Data-key cache (this server)', `${status.cache.size} cached, ${status.cache.hits} hits, ${status.cache.misses} misses`],
    [
      'Last use (this server)',
      status.lastUse ? `${status.lastUse.operation} (${status.lastUse.purpose}) at ${formatTime(status.lastUse.at)}` : 'not since the server started',
    ],
  ];
  if (key?.deletionDate) facts.push(['Deletion date', formatTime(key.deletionDate)]);

  return (
    <Card title="Encryption key">
      <div className="space-y-4" data-testid="kms-key-panel">
        <p className="text-sm text-slate-700" data-testid="kms-key-owner">
          {status.isOwnKey
            ? 'This tenant has its own customer key; its encryption context binds every data key to the tenant.'
            : status.owner === 'platform'
              ? 'Every layer is at the namespace tier, so this tenant uses the shared platform key (its tenant id is bound into every encryption context).'
              : 'Its tiers call for a customer key of its own, which does not exist yet.'}
        </p>
        {status.error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {status.error}
          </p>
        )}
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr] sm:gap-y-2">
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="mb-1 min-w-0 break-all sm:mb-0">{value}</dd>
            </div>
          ))}
        </dl>
        <KeyControls
          slug={tenant.slug}
          needsOwnKey={status.needsOwnKey}
          canRotate={status.isOwnKey && key?.state === 'Enabled'}
          isRotationEnabled={status.rotation?.isEnabled ?? false}
          latestJobId={latestJob?.id ?? null}
          actions={actions}
        />
        {canOffboard && status.isOwnKey && key?.state === 'Enabled' && (
          <div className="border-t border-slate-200 pt-4">
            <h3 className="mb-2 text-sm font-semibold text-red-800">Offboard this tenant</h3>
            <OffboardForm slug={tenant.slug} offboard={actions.offboard} />
          </div>
        )}
      </div>
    </Card>
  );
}
