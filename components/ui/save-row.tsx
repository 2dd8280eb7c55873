import type { ActionResult } from '@/lib/actions/action-result';
import { Button } from './button';
import { FormMessage } from './form-message';

/** The classes of a text or number input in the console's settings forms. */
export const inputClass = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

/** A settings form's last row: its save button, then what the last save said. */
export function SaveRow({
  isSaving,
  label,
  result,
  saved,
  savedTestId,
}: {
  isSaving: boolean;
  label: string;
  result: ActionResult<unknown> | null;
  saved: string;
  savedTestId: string;
}) {
  return (
    <div className="flex items-center gap-3 sm:col-span-2">
      <Button type="submit" disabled={isSaving}>
        {isSaving ? 'Saving…' : label}
      </Button>
      {result?.ok && (
        <FormMessage tone="success" testId={savedTestId}>
          {saved}
        </FormMessage>
      )}
      {result && !result.ok && <FormMessage tone="error">{result.error}</FormMessage>}
    </div>
  );
}
