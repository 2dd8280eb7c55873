import 'server-only';
/**
 * Every lib/kms failure is a KmsError. Its `message` is written for the person who caused the
 * request and is safe to show; the SDK error stays in `cause` for the server log only.
 * `retryable` says whether the same request can succeed later without anyone changing anything.
 * (Not a UserFacingError subclass: its status type has no 503.)
 */
export abstract class KmsError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  /** HTTP status a route handler should answer with. */
  abstract readonly status: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A KmsError class whose instances differ only in `cause`: the code, retryability, status and the
 * message shown to people are fixed. Named, so `error.name` and logs say which failure it was.
 */
function defineKmsError<Code extends string>(name: string, spec: { code: Code; retryable: boolean; status: number; message: string }) {
  const DefinedKmsError = class extends KmsError {
    readonly code: Code = spec.code;
    readonly retryable = spec.retryable;
    readonly status = spec.status;

    constructor(options?: { cause?: unknown }) {
      super(spec.message, options);
    }
  };
  Object.defineProperty(DefinedKmsError, 'name', { value: name });
  return DefinedKmsError;
}

/**
 * KMS could not be reached or did not answer in time (connection refused or reset, timeout, 5xx),
 * after our bounded retries. Nothing was encrypted or decrypted. Retryable.
 */
export class KmsUnavailableError extends KmsError {
  readonly code: string = 'kms_unavailable';
  readonly retryable = true;
  readonly status = 503;

  constructor(
    readonly reason: 'unreachable' | 'timeout' | 'server_error' | 'throttled',
    options?: { cause?: unknown },
  ) {
    super('The encryption service is temporarily unavailable. Try again in a moment.', options);
  }
}

/**
 * No KMS is configured (BULKHEAD_KMS unset or not aws/local), so nothing is encrypted or decrypted
 * and nothing silently falls back to a development key store. The setting to fix is in `cause`,
 * for the server log and start-up checks. Not retryable.
 */
export class KmsNotConfiguredError extends KmsError {
  readonly code = 'kms_not_configured';
  readonly retryable = false;
  readonly status = 503;

  constructor(operatorMessage: string) {
    super('Encryption is not configured on this server, so this request cannot be served. An operator must set BULKHEAD_KMS.', {
      cause: new Error(operatorMessage),
    });
  }
}

/** KMS kept throttling us (ThrottlingException) after our bounded retries. Retryable. */
export class KmsThrottledError extends KmsUnavailableError {
  override readonly code = 'kms_throttled';

  constructor(options?: { cause?: unknown }) {
    super('throttled', options);
  }
}

/** The key is disabled (DisabledException): an operator switched it off. Not retryable. */
export const KmsKeyDisabledError = defineKmsError('KmsKeyDisabledError', {
  code: 'kms_key_disabled',
  retryable: false,
  status: 403,
  message: "This tenant's encryption key is disabled, so its encrypted data cannot be read or written.",
});
export type KmsKeyDisabledError = InstanceType<typeof KmsKeyDisabledError>;

/** The key is scheduled for deletion (KMSInvalidStateException): the tenant was offboarded. Not retryable. */
export const KmsKeyPendingDeletionError = defineKmsError('KmsKeyPendingDeletionError', {
  code: 'kms_key_pending_deletion',
  retryable: false,
  status: 410,
  message: "This tenant's encryption key is scheduled for deletion; its encrypted data is no longer readable.",
});
export type KmsKeyPendingDeletionError = InstanceType<typeof KmsKeyPendingDeletionError>;

/** No such key or alias (NotFoundException): the tenant never had a key, or it was deleted. Not retryable. */
export const KmsKeyNotFoundError = defineKmsError('KmsKeyNotFoundError', {
  code: 'kms_key_not_found',
  retryable: false,
  status: 404,
  message: 'No encryption key exists for this data; it may have been deleted.',
});
export type KmsKeyNotFoundError = InstanceType<typeof KmsKeyNotFoundError>;

/**
 * A ciphertext did not decrypt for this tenant, purpose and record: malformed, tampered with,
 * encrypted for another tenant, purpose or record, or under a key that is not this tenant's
 * (InvalidCiphertextException, IncorrectKeyException, or our own checks), or refused by the key's
 * policy because the context names another tenant (policy_denied). Not retryable.
 */
export class KmsDecryptError extends KmsError {
  readonly code = 'kms_decrypt_failed';
  readonly retryable = false;
  readonly status = 422;

  constructor(
    readonly reason: 'malformed' | 'key_mismatch' | 'authentication_failed' | 'policy_denied',
    options?: { cause?: unknown },
  ) {
    super('This encrypted data cannot be decrypted here.', options);
  }
}

/** KMS refused our credentials or signature, or denied access: a configuration problem. Not retryable. */
export const KmsAccessDeniedError = defineKmsError('KmsAccessDeniedError', {
  code: 'kms_access_denied',
  retryable: false,
  status: 500,
  message: 'Encryption is misconfigured on the server. An operator has to fix it.',
});
export type KmsAccessDeniedError = InstanceType<typeof KmsAccessDeniedError>;

/** Any other KMS rejection (invalid request, unsupported operation, unexpected key state). Not retryable. */
export const KmsRequestError = defineKmsError('KmsRequestError', {
  code: 'kms_request_failed',
  retryable: false,
  status: 500,
  message: 'The encryption service rejected the request.',
});
export type KmsRequestError = InstanceType<typeof KmsRequestError>;
