'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { KeyPanelActions } from './key-action-types';
import { RewrapProgress } from './rewrap-progress';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

interface KeyControlsProps {
  slug: string;
  needsOwnKey: boolean;
  canRotate: boolean;
  isRotationEnabled: boolean;
  /** The newest re-wrap job, so a reload still shows its progress. */
  latestJobId: string | null;
  actions: Pick<KeyPanelActions, 'createKey' | 'rotate' | 'resumeJob' | 'enableRotation'>;
}

/** Create the tenant key, rotate it now (then follow the re-wrap job), or turn on automatic rotation. */
export function KeyControls({ slug, needsOwnKey, canRotate, isRotationEnabled, latestJobId, actions }: KeyControlsProps) {
  const [jobId, setJobId] = useState(latestJobId);
  const [periodDays, setPeriodDays] = useState('365');
  const [createState, createKey, isCreating] = useActionState(() => actions.createKey(slug, {}), null);
  const [rotateState, rotate, isRotating] = useActionState(async () => {
    const result = await actions.rotate(slug, {});
    if (result.ok) setJobId(result.data.jobId);
    return result;
  }, null);
  const [rotationState, enableRotation, isEnabling] = useActionState(() => actions.enableRotation(slug, { periodDays }), null);
  const failure = [createState, rotateState, rotationState].find((state) => state && !state.ok);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        {needsOwnKey && (
          <form action={createKey}>
            <Button type="submit" disabled={isCreating}>
              {isCreating ? 'Creating…' : 'Create tenant key'}
            </Button>
          </form>
        )}
        {canRotate && (
          <form action={rotate}>
            <Button type="submit" disabled={isRotating}>
              {isRotating ? 'Rotating…' : 'Rotate now'}
            </Button>
          </form>
        )}
        {canRotate && !isRotationEnabled && (
          <form onSubmit={submitWithoutReset(enableRotation)} className="flex items-end gap-2" noValidate>
            <label className="text-sm">
              <span className="block text-slate-700">Rotate every (days)</span>
              <input
                type="number"
                name="periodDays"
                min={90}
                max={2560}
                value={periodDays}
                onChange={(event) => setPeriodDays(event.target.value)}
                className="mt-1 w-28 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
              />
            </label>
            <Button type="submit" variant="secondary" disabled={isEnabling}>
              Enable automatic rotation
            </Button>
          </form>
        )}
      </div>
      {failure && !failure.ok && (
        <FormMessage tone="error" testId="key-action-error">
          {failure.error}
        </FormMessage>
      )}
      {createState?.ok && (
        <FormMessage tone="success" testId="key-created">
          Tenant key created.
        </FormMessage>
      )}
      {rotationState?.ok && <FormMessage tone="success">Automatic rotation every {rotationState.data.periodDays} days.</FormMessage>}
      {jobId && <RewrapProgress key={jobId} slug={slug} jobId={jobId} resumeJob={actions.resumeJob} />}
    </div>
  );
}
