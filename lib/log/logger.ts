/**
 * Structured server log: one JSON line per event on stderr. Callers pass facts, never secrets
 * (passwords, keys, tokens, prompt text); `requestId` ties a generic client error to its line here.
 */
export function logEvent(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) {
  const line = { time: new Date().toISOString(), level, message, ...fields };
  process.stderr.write(`${JSON.stringify(line, errorReplacer)}\n`);
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
