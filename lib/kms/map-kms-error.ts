import 'server-only';
import {
  KmsAccessDeniedError,
  KmsDecryptError,
  KmsError,
  KmsKeyDisabledError,
  KmsKeyNotFoundError,
  KmsKeyPendingDeletionError,
  KmsRequestError,
  KmsThrottledError,
  KmsUnavailableError,
} from './errors';

const throttlingNames = new Set(['ThrottlingException', 'LimitExceededException', 'TooManyRequestsException', 'RequestLimitExceeded']);
const accessNames = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);
// The operations that unwrap a data key: a key policy refusing one of them guards another tenant's data.
const unwrappingOperations = new Set(['Decrypt', 'ReEncrypt']);
// AWS's wording when a Deny statement of the key policy (not a missing IAM permission) refused the call.
const explicitPolicyDeny = /explicit deny in a resource-based policy/i;
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * Turns whatever the SDK threw into the KmsError callers handle; the original becomes `cause`.
 * `operation` (the KMS operation name) tells a refused unwrap from a misconfiguration: a key policy's
 * explicit deny on Decrypt or ReEncrypt means the encryption context named another tenant than the
 * key's, an isolation refusal (KmsDecryptError policy_denied), not a KMS outage.
 */
export function mapKmsError(error: unknown, operation?: string): KmsError {
  if (error instanceof KmsError) return error;
  const {
    name = '',
    message = '',
    code = '',
    $metadata,
  } = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const options = { cause: error };
  if (throttlingNames.has(name)) return new KmsThrottledError(options);
  if (name === 'DisabledException') return new KmsKeyDisabledError(options);
  if (name === 'KMSInvalidStateException' && /pending deletion/i.test(message)) return new KmsKeyPendingDeletionError(options);
  if (name === 'NotFoundException') return new KmsKeyNotFoundError(options);
  if (name === 'InvalidCiphertextException') return new KmsDecryptError('authentication_failed', options);
  if (name === 'IncorrectKeyException') return new KmsDecryptError('key_mismatch', options);
  if (name === 'AccessDeniedException' && operation && unwrappingOperations.has(operation) && explicitPolicyDeny.test(message)) {
    return new KmsDecryptError('policy_denied', options);
  }
  if (accessNames.has(name)) return new KmsAccessDeniedError(options);
  // The SDK names a reset connection TimeoutError too, so the error code decides first.
  if (networkCodes.has(code) || /socket hang up/i.test(message)) return new KmsUnavailableError('unreachable', options);
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || name === 'AbortError') return new KmsUnavailableError('timeout', options);
  if (($metadata?.httpStatusCode ?? 0) >= 500 || name === 'KMSInternalException' || name === 'DependencyTimeoutException') {
    return new KmsUnavailableError('server_error', options);
  }
  return new KmsRequestError(options);
}
