import type { ReactNode } from 'react';

/** The first validation message for a field, from an action's `fieldErrors`. */
export function FieldError({ errors, name }: { errors?: Record<string, string[]>; name: string }) {
  const messages = Object.entries(errors ?? {})
    .filter(([key]) => key === name || key.startsWith(`${name}.`))
    .flatMap(([, list]) => list);
  if (messages.length === 0) return null;
  return <span className="mt-1 block text-sm text-red-700">{messages[0]}</span>;
}

/** A form-level outcome: an error (role=alert, so it is announced) or a confirmation. */
export function FormMessage({ tone, children, testId }: { tone: 'error' | 'success'; children: ReactNode; testId?: string }) {
  const style = tone === 'error' ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800';
  return (
    <p role={tone === 'error' ? 'alert' : 'status'} data-testid={testId} className={`rounded-md px-3 py-2 text-sm ${style}`}>
      {children}
    </p>
  );
}
