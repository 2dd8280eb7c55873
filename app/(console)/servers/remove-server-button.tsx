'use client';

import { useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormMessage } from '@/components/ui/form-message';
import { removeDatabaseServerAction } from './actions';

/** Removal behind a confirmation; a server something lives on is refused with the reason shown here. */
export function RemoveServerButton({ serverId, name }: { serverId: string; name: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <ConfirmButton
        label="Remove"
        question={`Remove ${name} from the registry?`}
        confirmLabel="Remove now"
        onConfirm={async () => {
          const result = await removeDatabaseServerAction({ serverId });
          setError(result.ok ? null : result.error);
        }}
      />
      {error && (
        <FormMessage tone="error" testId="server-remove-error">
          {error}
        </FormMessage>
      )}
    </div>
  );
}
