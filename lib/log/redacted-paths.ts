import 'server-only';
/**
 * Field names whose values never reach a log line, at the top level or one object down (a field
 * set passed as `{ request: {...} }`). Callers are not meant to pass them at all; this is the net
 * under that rule, so a careless `{ body }` or `{ headers }` cannot put a prompt, an answer, a key
 * or a password into the operators' log store.
 */
const SENSITIVE_FIELDS = [
  // Tenant content.
  'prompt',
  'messages',
  'content',
  'input',
  'body',
  'requestText',
  'answerText',
  'text',
  // Secrets and credentials.
  'password',
  'secret',
  'token',
  'apiKey',
  'authorization',
  'cookie',
  'plaintextKey',
];

export const REDACTED_LOG_PATHS = [...SENSITIVE_FIELDS, ...SENSITIVE_FIELDS.map((name) => `*.${name}`), '*.headers.authorization', '*.headers.cookie'];
