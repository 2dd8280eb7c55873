'use client';

import { useState, type MouseEvent } from 'react';
import { Button } from './button';

/** Copies `text` to the clipboard on demand; the state says whether the last copy worked. */
function useCopy(text: string) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return { state, copy };
}

/** Copies a text shown once (a new secret) to the clipboard, and says so. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const { state, copy } = useCopy(text);
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" onClick={copy}>
        {label}
      </Button>
      <span role="status" className="text-xs">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Copy failed: select the key and copy it by hand.' : ''}
      </span>
    </span>
  );
}

/**
 * A small "Copy" link-sized button for an identifier shown shortened (a request id in a table row): copies
 * the whole text and says "Copied" in place. Clicks stop here, so a clickable row around it does not open.
 */
export function CopyTextButton({ text, label }: { text: string; label: string }) {
  const { state, copy } = useCopy(text);
  const onClick = (click: MouseEvent) => {
    click.stopPropagation();
    void copy();
  };
  return (
    <button type="button" onClick={onClick} aria-label={label} title={label} className="text-xs text-indigo-700 hover:underline">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
