'use client';

import { useState, type ReactNode } from 'react';
import { Button } from './button';

/**
 * A destructive action behind a second, explicit click: the first shows what will happen and a
 * confirm and a cancel button in place, so nothing irreversible happens on a stray click.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
}) {
  const [isAsking, setIsAsking] = useState(false);
  const [isWorking, setIsWorking] = useState(false);
  if (!isAsking)
    return (
      <Button type="button" variant="danger" onClick={() => setIsAsking(true)}>
        {label}
      </Button>
    );
  return (
    <span role="group" aria-label={`Confirm: ${label}`} className="inline-flex flex-wrap items-center justify-end gap-2 text-left">
      <span className="text-xs text-slate-700">{question}</span>
      <Button
        type="button"
        variant="danger"
        disabled={isWorking}
        onClick={async () => {
          setIsWorking(true);
          try {
            await onConfirm();
          } finally {
            setIsWorking(false);
            setIsAsking(false);
          }
        }}
      >
        {confirmLabel}
      </Button>
      <Button type="button" variant="secondary" onClick={() => setIsAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
