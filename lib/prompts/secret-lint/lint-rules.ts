import type { LintRule } from './types';
import { hasLettersAndDigits, isBasicCredential, isPasswordValue, isRandomSecret } from './value-checks';

const KEEP_OUT = 'Remove it and rotate it: the model can be talked into repeating its prompt. Keep credentials in the server configuration.';
const ASSIGN = String.raw`\b["']?\s*(?:=|:|=>)\s*["'\x60]?`;
const ROLE_WORDS = String.raw`(?:admins?|administrators?|managers?|owners?|supervisors?|staff|employees|moderators?|superusers?|root|privileged|internal|verified|premium|vip|authori[sz]ed|paying)`;

/**
 * The prompt linter's rules, in priority order: where two matches overlap, the earlier rule's
 * finding is kept (an OpenAI key in `OPENAI_API_KEY=…` is reported as an OpenAI key, not as a
 * generic secret). Credentials block saving; internal addresses and authorization logic warn,
 * because the system prompt is not a security control: anything in it can leak, and the model
 * cannot be relied on to enforce a rule written in it.
 */
export const LINT_RULES: readonly LintRule[] = [
  // Provider keys, recognisable by their prefix.
  { id: 'aws-access-key-id', severity: 'block', reason: `AWS access key ID. ${KEEP_OUT}`, pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/, secretGroup: 0 },
  {
    id: 'aws-secret-access-key',
    severity: 'block',
    reason: `AWS secret access key. ${KEEP_OUT}`,
    pattern: new RegExp(
      String.raw`\b(?:[\w.-]{0,20}?secret[_.-]?access[_.-]?key|aws[_.-]?secret(?:[_.-]?key)?)${ASSIGN}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'i',
    ),
    secretGroup: 1,
  },
  {
    id: 'anthropic-api-key',
    severity: 'block',
    reason: `Anthropic API key. ${KEEP_OUT}`,
    pattern: /\bsk-ant-(?:api|admin|oat|ort)\d{2}-[A-Za-z0-9_-]{20,300}/,
    secretGroup: 0,
  },
  {
    id: 'openai-api-key',
    severity: 'block',
    reason: `OpenAI API key. ${KEEP_OUT}`,
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,300}/,
    secretGroup: 0,
    isMatch: (match) => hasLettersAndDigits(match[0].slice(3)),
  },
  {
    id: 'github-token',
    severity: 'block',
    reason: `GitHub token. ${KEEP_OUT}`,
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/,
    secretGroup: 0,
  },
  {
    id: 'slack-token',
    severity: 'block',
    reason: `Slack token or webhook URL. ${KEEP_OUT}`,
    pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,250}|\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,250}/,
    secretGroup: 0,
  },
  {
    id: 'stripe-secret-key',
    severity: 'block',
    reason: `Stripe secret, restricted or webhook key. ${KEEP_OUT}`,
    pattern: /\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,250}|whsec_[A-Za-z0-9]{24,250})\b/,
    secretGroup: 0,
  },
  {
    id: 'google-credential',
    severity: 'block',
    reason: `Google API key, OAuth client secret or access token. ${KEEP_OUT}`,
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])|\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])|\bya29\.[A-Za-z0-9_-]{20,2000}/,
    secretGroup: 0,
  },
  // Key material and tokens of any issuer.
  {
    id: 'private-key',
    severity: 'block',
    reason: `Private key block. ${KEEP_OUT}`,
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
    // A header followed by key material (possibly as `\n` escapes inside JSON), not a mention of the format.
    isMatch: (match) =>
      /^(?:[\s:,\w-]|\\n|\\r){0,200}?[A-Za-z0-9+/=]{24}/.test(match.input.slice(match.index + match[0].length, match.index + match[0].length + 400)),
  },
  {
    id: 'jwt',
    severity: 'block',
    reason: `JSON Web Token: anyone holding it can act as its subject. ${KEEP_OUT}`,
    pattern: /\beyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000}/,
    secretGroup: 0,
  },
  {
    id: 'bearer-token',
    severity: 'block',
    reason: `Bearer token. ${KEEP_OUT}`,
    pattern: /\b[Bb]earer\s+([A-Za-z0-9._~+/-]{16,2000}=*)/,
    secretGroup: 1,
    isMatch: (match) => hasLettersAndDigits(match[1]),
  },
  {
    id: 'basic-auth-header',
    severity: 'block',
    reason: `HTTP Basic credentials (base64 of user:password). ${KEEP_OUT}`,
    pattern: /\bBasic\s+([A-Za-z0-9+/]{8,2000}={0,2})(?![A-Za-z0-9+/=])/,
    secretGroup: 1,
    isMatch: (match) => isBasicCredential(match[1]),
  },
  // Connection strings and passwords.
  {
    id: 'connection-string',
    severity: 'block',
    reason: `Connection string with a password. ${KEEP_OUT}`,
    pattern:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb|s?ftp|smtps?|ldaps?|nats|kafka):\/\/([^\s:/@'"]{0,100}):([^\s@/'"]{1,200})@/i,
    secretGroup: 2,
  },
  {
    id: 'jdbc-password',
    severity: 'block',
    reason: `JDBC URL with a password. ${KEEP_OUT}`,
    pattern: /\bjdbc:[a-z0-9]{2,20}:[^\s'"]{0,300}?[;?&:]password=([^\s;&'"]{1,200})/i,
    secretGroup: 1,
  },
  {
    id: 'azure-account-key',
    severity: 'block',
    reason: `Azure storage or Service Bus key. ${KEEP_OUT}`,
    pattern: /\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,200}={0,2})/,
    secretGroup: 1,
  },
  {
    id: 'password-assignment',
    severity: 'block',
    reason: `Password. ${KEEP_OUT}`,
    pattern: new RegExp(String.raw`\b[\w.-]{0,30}?(?:password|passwd|passphrase|pwd)${ASSIGN}([^\s"'\x60,;]{4,200})`, 'i'),
    secretGroup: 1,
    isMatch: (match) => isPasswordValue(match, 1),
  },
  {
    id: 'generic-secret',
    severity: 'block',
    reason: `Random-looking value assigned to a secret-sounding name (API key, token, secret). ${KEEP_OUT}`,
    pattern: new RegExp(
      String.raw`\b[\w.-]{0,40}?(?:secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key|credentials?)(?:[_.-]?(?:key|value|id))?${ASSIGN}([A-Za-z0-9+/=_.~-]{16,500})`,
      'i',
    ),
    secretGroup: 1,
    isMatch: (match) => isRandomSecret(match[1]),
  },
  // Internal addresses: not secrets, but they map the network for whoever extracts the prompt.
  {
    id: 'internal-hostname',
    severity: 'warn',
    reason: 'Internal hostname: it tells anyone who extracts the prompt about your network. Refer to the service by a neutral name.',
    pattern: /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}(?:internal|corp|local|lan|intranet|home\.arpa)\b(?![.-]\w)/i,
  },
  {
    id: 'private-ip-address',
    severity: 'warn',
    reason: 'Private (RFC 1918) IP address: it tells anyone who extracts the prompt about your network. Keep addresses in configuration.',
    pattern: /(?<![\d.])(?:10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?![\d.]*\d)/,
    isMatch: (match) => match[0].split('.').every((octet) => Number(octet) <= 255),
  },
  {
    id: 'localhost-with-port',
    severity: 'warn',
    reason: 'Local service address with a port: it tells anyone who extracts the prompt which services run beside the model.',
    pattern: /\b(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0):\d{2,5}\b|\[::1\]:\d{2,5}\b/i,
  },
  // Authorization written as instructions: the model cannot enforce it, and a user can argue it away.
  {
    id: 'conditional-disclosure',
    severity: 'warn',
    reason:
      'Disclosure rule written as an instruction ("do not reveal X unless…"): a user can argue the model out of it. Keep X out of the prompt, or filter it in the gateway.',
    pattern: new RegExp(
      String.raw`\b(?:do not|don't|never|must not|should not|shouldn't)\s+(?:reveal|share|disclose|show|give out|provide|tell|discuss|expose|display|output)\b[^.\n]{0,80}?\b(?:unless|except (?:to|for|when|if)|only (?:to|if|when|with))\b|\bonly\s+(?:reveal|share|disclose|show|give|discuss|provide)\b[^.\n]{0,60}?\b(?:with|to)\s+(?:the\s+)?${ROLE_WORDS}`,
      'i',
    ),
  },
  {
    id: 'role-grants-access',
    severity: 'warn',
    reason: 'Access rule written as an instruction ("users with role X may…"): the model cannot enforce it. Enforce it in the gateway policy.',
    pattern:
      /\b(?:users?|accounts?|members?|customers?|employees?|callers?|people|anyone)\s+(?:with|who (?:have|has|hold)|having|holding|in)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}(?:role|group|permission|clearance|access level|scope)\b[^.\n]{0,40}?\b(?:may|can|are (?:allowed|permitted|authori[sz]ed) to|should be (?:allowed|able) to|(?:get|have) access)\b/i,
  },
  {
    id: 'only-role-may',
    severity: 'warn',
    reason: 'Access rule written as an instruction ("only managers can…"): the model cannot enforce it. Enforce it in the gateway policy.',
    pattern: new RegExp(
      String.raw`\bonly\s+(?:(?:the|an?)\s+)?${ROLE_WORDS}(?:\s+(?:users?|members?|customers?|accounts?))?\s+(?:may|can|are (?:allowed|permitted|able) to|should (?:be able to|see|get|have))\b`,
      'i',
    ),
  },
  {
    id: 'if-user-has-role',
    severity: 'warn',
    reason: 'Access decision written as an instruction ("if the user is an admin, …"): the model cannot verify who the user is. Decide in the gateway.',
    pattern: new RegExp(
      String.raw`\b(?:if|when|unless)\s+(?:the\s+)?(?:user|caller|customer|requester|person|they|he|she)(?:['’]s)?\s+(?:(?:role|group|permission|clearance|tier)\s+(?:is|includes|equals)|(?:is|are|has|have|claims? to be|says? (?:they are|he is|she is))\s+(?:an?\s+|the\s+)?(?:${ROLE_WORDS}|member of|in the \w+ (?:group|role|team)|(?:\w+\s+)?(?:role|permission|clearance)\b))`,
      'i',
    ),
  },
];
