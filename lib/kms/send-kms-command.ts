import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KMSClient } from '@aws-sdk/client-kms';
import { recordKmsCall } from './call-counts';
import { KmsDecryptError, KmsKeyNotFoundError } from './errors';
import { emitKeyEvent } from './key-events';
import { getKmsClient, getKmsSettings } from './kms-client';
import { mapKmsError } from './map-kms-error';

export interface KmsCallScope {
  tenantId?: string;
  purpose?: string;
}

/**
 * Sends one KMS command with bounded retries: up to `maxAttempts` tries, retrying only retryable
 * failures (throttling, timeouts, unreachable, 5xx) after a full-jitter exponential backoff, so
 * many processes recovering together do not retry in step. Every attempt is counted. The final
 * failure is a KmsError and a `kms_failure` event, except "no such key" (an answer the caller
 * acts on) and decrypt refusals, a key policy's refusal of an unwrap for another tenant's context
 * included (the caller reports those as `decrypt_refused`).
 */
export async function sendKmsCommand<Output>(operation: string, send: (client: KMSClient) => Promise<Output>, scope: KmsCallScope = {}): Promise<Output> {
  const settings = getKmsSettings();
  for (let attempt = 1; ; attempt += 1) {
    recordKmsCall(operation, scope.tenantId);
    try {
      return await send(getKmsClient());
    } catch (error) {
      const mapped = mapKmsError(error, operation);
      if (mapped.retryable && attempt < settings.maxAttempts) {
        const ceiling = Math.min(settings.retryMaxDelayMs, settings.retryBaseDelayMs * 2 ** (attempt - 1));
        await sleep(Math.random() * ceiling);
        continue;
      }
      if (!(mapped instanceof KmsKeyNotFoundError || mapped instanceof KmsDecryptError)) {
        emitKeyEvent({
          type: 'kms_failure',
          tenantId: scope.tenantId,
          purpose: scope.purpose,
          operation,
          errorCode: mapped.code,
          retryable: mapped.retryable,
          attempts: attempt,
        });
      }
      throw mapped;
    }
  }
}
