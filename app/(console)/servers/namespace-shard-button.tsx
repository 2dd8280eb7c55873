'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { setNamespaceShardAction } from './actions';

/**
 * Turns a server's namespace shard on (tenants' namespace layers may then be placed there, on their
 * settings page) or off (refused, with the reason shown here, while it has tenants).
 */
export function NamespaceShardButton({ serverId, name, isHosting }: { serverId: string; name: string; isHosting: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={isPending}
        aria-label={`${isHosting ? 'Stop hosting' : 'Host'} a namespace shard on ${name}`}
        onClick={() =>
          startTransition(async () => {
            const result = await setNamespaceShardAction({ serverId, isHosting: !isHosting });
            setError(result.ok ? null : result.error);
            if (result.ok) router.refresh();
          })
        }
      >
        {isPending ? 'Saving…' : isHosting ? 'Stop hosting the namespace shard' : 'Host a namespace shard'}
      </Button>
      {error && (
        <FormMessage tone="error" testId="server-shard-error">
          {error}
        </FormMessage>
      )}
    </div>
  );
}
