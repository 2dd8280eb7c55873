'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { KeyPanelActions } from './key-action-types';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

/**
 * Crypto-shredding behind a typed confirmation: the button stays disabled until the tenant's slug is
 * typed exactly (the server checks it again). On success, the signed receipt's download link.
 */
export function OffboardForm({ slug, offboard }: { slug: string; offboard: KeyPanelActions['offboard'] }) {
  const [confirmSlug, setConfirmSlug] = useState('');
  const [state, submit, isPending] = useActionState(() => offboard(slug, { confirmSlug }), null);

  if (state?.ok) {
    return (
      <div className="space-y-2" data-testid="offboard-done">
        <FormMessage tone="success">
          The key {state.data.keyId} is disabled and will be deleted on {new Date(state.data.deletionDate).toUTCString()}. The tenant is offboarded.
        </FormMessage>
        <a
          href={`/api/platform/deletion-receipts/${state.data.receiptId}`}
          download
          className="text-sm font-medium text-indigo-700 underline"
          data-testid="receipt-download"
        >
          Download the signed deletion receipt (JSON)
        </a>
      </div>
    );
  }
  return (
    <form onSubmit={submitWithoutReset(submit)} className="space-y-3" aria-label="Offboard tenant" noValidate>
      <p className="text-sm text-slate-700">
        Disables this tenant&apos;s key and schedules its deletion. Everything encrypted under it becomes unreadable at once, for good once KMS deletes the key.
        Other tenants are not affected.
      </p>
      <label className="block text-sm">
        <span className="text-slate-700">
          Type <code className="font-mono">{slug}</code> to confirm
        </span>
        <input
          name="confirmSlug"
          value={confirmSlug}
          onChange={(event) => setConfirmSlug(event.target.value)}
          autoComplete="off"
          className="mt-1 block w-72 rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
        />
      </label>
      {state && !state.ok && (
        <FormMessage tone="error" testId="offboard-error">
          {state.error}
        </FormMessage>
      )}
      <Button type="submit" variant="danger" disabled={isPending || confirmSlug.trim() !== slug}>
        {isPending ? 'Shredding…' : 'Offboard (crypto-shred)'}
      </Button>
    </form>
  );
}
