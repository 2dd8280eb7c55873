import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import type { PlacementKeyStatus } from '@/lib/placement/find-placement-key-status';

const stateTones: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = { Enabled: 'good', Disabled: 'warn', PendingDeletion: 'bad', Deleted: 'neutral' };
const stateLabels: Record<string, string> = { PendingDeletion: 'Shredded (pending deletion)' };
const columns = ['Layer', 'Tier', 'Key id', 'State'].map((label) => ({ label, className: 'py-1 font-normal' }));
const formatDate = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '');

/**
 * The tenant's placement keys: each encrypted copy of its prompt and retrieval layers is sealed under
 * a KMS key of its own, shredded when that copy is destroyed (a tier move). Newest first.
 */
export function PlacementKeysPanel({ keys }: { keys: PlacementKeyStatus[] }) {
  return (
    <Card title="Placement keys">
      <div className="space-y-3" data-testid="placement-keys-panel">
        <p className="text-sm text-slate-700">
          Each encrypted copy of a layer has its own KMS key. Moving the layer to another tier destroys the old copy and schedules its key for deletion, so
          backups of that copy no longer decrypt. The audit log stays under the tenant key (its hash chain covers the ciphertext).
        </p>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-500">No layer of this tenant has had an encrypted copy with a key of its own yet.</p>
        ) : (
          <Table columns={columns} headClassName="text-slate-500">
            {keys.map((key) => (
              <tr key={key.keyId} data-testid="placement-key-row">
                <td className="py-1">{key.layer}</td>
                <td className="py-1">
                  {key.tier}
                  {key.isInUse ? ' (in use)' : ''}
                </td>
                <td className="py-1">
                  <code className="font-mono text-xs">{key.keyId}</code>
                </td>
                <td className="py-1">
                  <Badge tone={stateTones[key.state] ?? 'neutral'}>{stateLabels[key.state] ?? key.state}</Badge>
                  {key.deletionDate && <span className="ml-2 text-xs text-slate-500">deleted on {formatDate(key.deletionDate)}</span>}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </div>
    </Card>
  );
}
