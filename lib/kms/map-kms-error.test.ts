import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KmsAccessDeniedError,
  KmsDecryptError,
  KmsKeyDisabledError,
  KmsKeyNotFoundError,
  KmsKeyPendingDeletionError,
  KmsRequestError,
  KmsThrottledError,
  KmsUnavailableError,
} from './errors';
import { mapKmsError } from './map-kms-error';

const sdkError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(String(extra.message ?? name)), { name, ...extra });

describe('mapKmsError', () => {
  test('maps each AWS error to the documented class and retryability', () => {
    const cases: [Error, new (...args: never[]) => Error, boolean][] = [
      [sdkError('ThrottlingException'), KmsThrottledError, true],
      [sdkError('DisabledException'), KmsKeyDisabledError, false],
      [sdkError('KMSInvalidStateException', { message: 'arn:aws:kms:us-east-1:1:key/x is pending deletion.' }), KmsKeyPendingDeletionError, false],
      [sdkError('KMSInvalidStateException', { message: 'arn:aws:kms:us-east-1:1:key/x is pending import.' }), KmsRequestError, false],
      [sdkError('NotFoundException'), KmsKeyNotFoundError, false],
      [sdkError('InvalidCiphertextException'), KmsDecryptError, false],
      [sdkError('IncorrectKeyException'), KmsDecryptError, false],
      [sdkError('UnrecognizedClientException'), KmsAccessDeniedError, false],
      [sdkError('KMSInternalException', { $metadata: { httpStatusCode: 500 } }), KmsUnavailableError, true],
      [sdkError('ValidationException', { $metadata: { httpStatusCode: 400 } }), KmsRequestError, false],
    ];
    for (const [error, expected, retryable] of cases) {
      const mapped = mapKmsError(error);
      assert.ok(mapped instanceof expected, `${error.name}: got ${mapped.name}`);
      assert.equal(mapped.retryable, retryable, error.name);
      assert.equal(mapped.cause, error);
    }
  });

  test("a key policy's explicit deny on an unwrap is a refused decrypt; any other access denial stays a misconfiguration", () => {
    const policyDeny = () =>
      sdkError('AccessDeniedException', {
        message: 'User is not authorized to perform: kms:Decrypt on resource: k with an explicit deny in a resource-based policy',
      });
    for (const operation of ['Decrypt', 'ReEncrypt']) {
      const mapped = mapKmsError(policyDeny(), operation);
      assert.ok(mapped instanceof KmsDecryptError && mapped.reason === 'policy_denied', `${operation}: got ${mapped.name}`);
    }
    const missingPermission = sdkError('AccessDeniedException', { message: 'not authorized because no identity-based policy allows the kms:Decrypt action' });
    assert.ok(mapKmsError(missingPermission, 'Decrypt') instanceof KmsAccessDeniedError, 'an IAM gap is an operator problem');
    assert.ok(mapKmsError(policyDeny(), 'GenerateDataKey') instanceof KmsAccessDeniedError, 'only unwraps are decrypt refusals');
    assert.ok(mapKmsError(policyDeny()) instanceof KmsAccessDeniedError, 'without the operation nothing is assumed');
  });

  test('a reset connection is "unreachable" even though the SDK names it TimeoutError; a real timeout is "timeout"', () => {
    const reset = mapKmsError(sdkError('TimeoutError', { code: 'ECONNRESET', message: 'socket hang up' }));
    const refused = mapKmsError(sdkError('Error', { code: 'ECONNREFUSED' }));
    const timeout = mapKmsError(sdkError('TimeoutError', { message: 'request exceeded the configured 200 ms requestTimeout' }));
    assert.deepEqual(
      [reset, refused, timeout].map((error) => (error as KmsUnavailableError).reason),
      ['unreachable', 'unreachable', 'timeout'],
    );
  });

  test('messages are safe to show: they never repeat the SDK text', () => {
    const mapped = mapKmsError(sdkError('InvalidCiphertextException', { message: 'arn:aws:kms:eu-west-1:123456789012:key/abc internal detail' }));
    assert.doesNotMatch(mapped.message, /arn:|123456789012|internal detail/);
  });
});
