'use client';

import { useState, type Dispatch, type SetStateAction } from 'react';

/**
 * A form's editable copy of what the server stores. When the stored version changes (this form's
 * save, refreshed by the server, or another admin's), the draft starts again from the stored values,
 * so the form always shows what a reload would show.
 */
export function useStoredDraft<T>(stored: T, version: string): [T, Dispatch<SetStateAction<T>>] {
  const [draft, setDraft] = useState(stored);
  const [draftVersion, setDraftVersion] = useState(version);
  if (draftVersion !== version) {
    // Adjusting state while rendering, as React recommends for state derived from changed props.
    setDraftVersion(version);
    setDraft(stored);
  }
  return [draft, setDraft];
}
