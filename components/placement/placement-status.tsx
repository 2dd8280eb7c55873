import { TierBadge } from '@/components/tier-badge';
import { Badge } from '@/components/ui/badge';
import type { PlacementLayerStatus } from '@/lib/placement/find-placement-status';
import { Table } from '@/components/ui/table';

const stateTone = { provisioning: 'warn', active: 'good', migrating: 'warn', retired: 'neutral' } as const;
const operationTone = { running: 'info', succeeded: 'good', failed: 'bad', rolled_back: 'neutral' } as const;
const layerLabels = { prompt: 'Prompts and conversations', retrieval: 'Documents and retrieval', logs: 'Audit log' } as const;

/**
 * Read-only: where each layer of a tenant's data lives and how far its latest provisioning or tier
 * migration got. Load the rows with findPlacementStatus(tenantId) in the page (a server component).
 */
export function PlacementStatus({ layers }: { layers: PlacementLayerStatus[] }) {
  // On a phone the operation's steps are wider than the screen: the table scrolls rather than clips.
  return (
    <div className="overflow-x-auto">
      <Table
        columns={['Layer', 'Where', 'State', { label: 'Latest operation', className: 'py-2 font-medium' }]}
        headerCellClassName="py-2 pr-4 font-medium"
        headClassName="text-xs uppercase tracking-wide text-slate-500"
        bodyClassName="divide-y divide-slate-100"
      >
        {layers.map((row) => (
          <tr key={row.layer} className="align-top" data-testid={`placement-${row.layer}`}>
            <td className="py-2 pr-4 text-slate-900">{layerLabels[row.layer]}</td>
            <td className="py-2 pr-4" data-tier={row.tier}>
              <TierBadge tier={row.tier} />
              <span className="mt-1 block text-xs text-slate-600" data-testid={`placement-${row.layer}-server`}>
                {describeServer(row)}
              </span>
            </td>
            <td className="py-2 pr-4">
              <Badge tone={stateTone[row.state]}>{row.state}</Badge>
            </td>
            <td className="py-2">{row.operation ? <OperationProgress operation={row.operation} /> : <span className="text-slate-500">None</span>}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

// A namespace layer on a registered server is in that server's namespace shard (its shared tables).
function describeServer(row: PlacementLayerStatus): string {
  if (!row.serverId) return 'Control plane server';
  const name = row.serverName ?? 'A registered server';
  return row.tier === 'namespace' ? `${name} (namespace shard)` : name;
}

function OperationProgress({ operation }: { operation: NonNullable<PlacementLayerStatus['operation']> }) {
  const done = operation.completedSteps.length;
  const total = operation.steps.length;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-700">{operation.kind === 'migrate' ? 'Move' : operation.kind === 'provision' ? 'Set up' : 'Upgrade'} to</span>
        <TierBadge tier={operation.toTier} />
        <Badge tone={operationTone[operation.status]}>{operation.status.replace('_', ' ')}</Badge>
        <span className="text-xs text-slate-500">
          {done}/{total} steps
        </span>
      </div>
      <progress className="h-1.5 w-48" max={total} value={done} aria-label={`${done} of ${total} steps done`} />
      <ol className="flex flex-wrap gap-1 text-xs">
        {operation.steps.map((step) => (
          <li key={step} className={operation.completedSteps.includes(step) ? 'text-emerald-700' : 'text-slate-400'}>
            {operation.completedSteps.includes(step) ? '✓' : '○'} {step.replace('_', ' ')}
          </li>
        ))}
      </ol>
      {operation.error && <p className="text-xs text-red-700">{operation.error}</p>}
    </div>
  );
}
