import { KmsProtocolError } from './errors';
import type { EncryptionContext } from './crypto';

/**
 * Key policies as far as the local KMS can honour them. It has one identity (whoever holds its
 * credentials acts as the account's administrator), so Allow statements are kept but grant
 * nothing new; Deny statements are evaluated exactly as AWS does for the condition keys a key
 * policy uses to bind a key to its tenant: `kms:EncryptionContext:<key>` under StringEquals,
 * StringNotEquals and Null. A policy using anything else is refused when it is put, rather than
 * stored and silently not enforced.
 */

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Condition: Record<string, Record<string, string[]>>;
}

const maxPolicyBytes = 32 * 1024;
const supportedOperators = new Set(['StringEquals', 'StringNotEquals', 'Null']);
const contextKeyPrefix = 'kms:EncryptionContext:';

/** The policy a key has until someone puts another: AWS's default, administration through IAM. */
export function getDefaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

/** Parses a policy document, refusing what AWS refuses and what this server cannot enforce. */
export function parseKeyPolicy(document: unknown): Statement[] {
  if (typeof document !== 'string' || document.length === 0 || Buffer.byteLength(document) > maxPolicyBytes) {
    throw malformed(`Policy must be a JSON document of 1 to ${maxPolicyBytes} bytes.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('Policy is not valid JSON.');
  }
  const statements = (parsed as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : statements && typeof statements === 'object' ? [statements] : undefined;
  if (!list || list.length === 0) throw malformed('Policy needs at least one Statement.');
  const result = list.map(parseStatement);
  // AWS's lockout safety check: a policy that no longer lets anyone change it is refused.
  if (!result.some((statement) => statement.Effect === 'Allow' && statement.Action.some((action) => matchesAction(action, 'kms:PutKeyPolicy')))) {
    throw malformed('The new key policy will not allow you to update the key policy in the future.');
  }
  return result;
}

/** Throws AccessDeniedException when a Deny statement of the key's policy covers this call. */
export function assertPolicyAllows(policy: string | undefined, action: string, keyArn: string, encryptionContext: EncryptionContext) {
  if (!policy) return;
  for (const statement of readStoredPolicy(policy)) {
    if (statement.Effect !== 'Deny' || !statement.Action.some((pattern) => matchesAction(pattern, action))) continue;
    if (conditionHolds(statement.Condition, encryptionContext)) {
      throw new KmsProtocolError(
        'AccessDeniedException',
        `User is not authorized to perform: ${action} on resource: ${keyArn} with an explicit deny in a resource-based policy`,
      );
    }
  }
}

// Stored policies were validated when put; parsing each once keeps a cryptographic call cheap.
const parsedPolicies = new Map<string, Statement[]>();

function readStoredPolicy(policy: string): Statement[] {
  let statements = parsedPolicies.get(policy);
  if (!statements) {
    if (parsedPolicies.size >= 10_000) parsedPolicies.clear();
    statements = parseKeyPolicy(policy);
    parsedPolicies.set(policy, statements);
  }
  return statements;
}

function parseStatement(value: unknown): Statement {
  const statement = value as Record<string, unknown>;
  if (!statement || typeof statement !== 'object') throw malformed('Each Statement must be an object.');
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw malformed('Each Statement needs Effect Allow or Deny.');
  const actions = typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((action) => typeof action === 'string' && action.startsWith('kms:'))) {
    throw malformed('Each Statement needs Action: kms:<operation> names (wildcards allowed).');
  }
  const condition: Statement['Condition'] = {};
  for (const [operator, entries] of Object.entries((statement.Condition ?? {}) as Record<string, unknown>)) {
    if (!supportedOperators.has(operator)) throw malformed(`The local KMS does not evaluate the condition operator ${operator}.`);
    condition[operator] = {};
    for (const [key, values] of Object.entries((entries ?? {}) as Record<string, unknown>)) {
      if (!key.startsWith(contextKeyPrefix)) throw malformed(`The local KMS does not evaluate the condition key ${key}.`);
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((item) => typeof item === 'string')) throw malformed(`Condition values for ${key} must be strings.`);
      condition[operator][key.slice(contextKeyPrefix.length)] = list as string[];
    }
  }
  return { Sid: typeof statement.Sid === 'string' ? statement.Sid : undefined, Effect: statement.Effect, Action: actions as string[], Condition: condition };
}

// Every operator and every key in a Condition must hold (AND), as in IAM.
function conditionHolds(condition: Statement['Condition'], context: EncryptionContext): boolean {
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const present = Object.hasOwn(context, key);
      if (operator === 'Null') return values.some((value) => (value === 'true') === !present);
      const matches = present && values.includes(context[key]);
      // A negated operator holds when the key is missing from the request.
      return operator === 'StringEquals' ? matches : !matches;
    }),
  );
}

function matchesAction(pattern: string, action: string): boolean {
  const expression = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return expression.test(action);
}

function malformed(message: string) {
  return new KmsProtocolError('MalformedPolicyDocumentException', message);
}
