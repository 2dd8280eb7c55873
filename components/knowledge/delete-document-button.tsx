'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/action-result';

type DeleteAction = (tenantSlug: string, input: unknown) => Promise<ActionResult<{ documentId: string; chunksDeleted: number }>>;

/** Deletes a document and all its chunks after a confirmation; `redirectTo` leaves a page that no longer exists. */
export function DeleteDocumentButton({
  tenantSlug,
  documentId,
  title,
  remove,
  redirectTo,
}: {
  tenantSlug: string;
  documentId: string;
  title: string;
  remove: DeleteAction;
  redirectTo?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  function confirmAndDelete() {
    if (!window.confirm(`Delete "${title}" and all its chunks? This cannot be undone.`)) return;
    startTransition(async () => {
      const result = await remove(tenantSlug, { documentId });
      if (!result.ok) return setError(result.error);
      if (redirectTo) router.push(redirectTo);
      else router.refresh();
    });
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="danger" className="px-2 py-1 text-xs" onClick={confirmAndDelete} disabled={isPending} aria-label={`Delete ${title}`}>
        {isPending ? 'Deleting…' : 'Delete'}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
