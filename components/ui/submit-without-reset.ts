'use client';

import { startTransition, type FormEvent } from 'react';

/**
 * An onSubmit handler that runs a `useActionState` action without handing it to `<form action>`.
 * React resets a form once its action finishes: a refused form would lose what was typed, and a
 * saved one would show its controlled selects and checkboxes at their first values while the state
 * behind them holds the new ones (a second Save would then look like it undoes the first).
 */
export function submitWithoutReset(run: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => run(form));
  };
}
