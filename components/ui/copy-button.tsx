'use client';

import { useState } from 'react';
import { Button } from './button';

/** Copies a text shown once (a new secret) to the clipboard, and says so. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
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
