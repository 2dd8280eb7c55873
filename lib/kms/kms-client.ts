import 'server-only';
import { KMSClient } from '@aws-sdk/client-kms';
import { readKmsConfig, type KmsConfig } from './config';

let current: { client: KMSClient; settings: KmsConfig } | undefined;

function getCurrent() {
  if (!current) {
    const settings = readKmsConfig();
    const client = new KMSClient({
      region: settings.region,
      endpoint: settings.endpoint,
      credentials: settings.credentials,
      // Our retry wrapper (send-kms-command.ts) owns retries, so it can bound them, add jitter and count them.
      maxAttempts: 1,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes, and waits on.
      requestHandler: { connectionTimeout: settings.connectionTimeoutMs, requestTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true },
    });
    current = { client, settings };
  }
  return current;
}

/** The process-wide KMS client, built from the environment on first use. */
export function getKmsClient(): KMSClient {
  return getCurrent().client;
}

/** The configuration the current client was built with. */
export function getKmsSettings(): KmsConfig {
  return getCurrent().settings;
}

/** Drops the client so the next call re-reads the environment (tests pointing at a new server). */
export function resetKmsClient() {
  current?.client.destroy();
  current = undefined;
}
