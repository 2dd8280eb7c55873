import fs from 'node:fs';
import path from 'node:path';

/**
 * One JSON line per request in `<dataDir>/access-log.jsonl` (mode 0600). Entries are built from
 * an allow-list of fields: key identifiers, encryption context (authenticated data, never secret
 * by KMS convention), outcome and timing. Plaintext, data keys and ciphertext are never written.
 */
export interface AccessLogEntry {
  time: string;
  requestId: string;
  operation: string;
  accessKeyId?: string;
  requestedKeyId?: string;
  keyId?: string;
  encryptionContext?: Record<string, string>;
  destinationEncryptionContext?: Record<string, string>;
  outcome: string;
  status: number;
  durationMs: number;
  fault?: string;
}

export interface AccessLog {
  file: string;
  write(entry: AccessLogEntry): void;
}

export function openAccessLog(dataDir: string): AccessLog {
  const file = path.join(dataDir, 'access-log.jsonl');
  return {
    file,
    // Synchronous so the line exists when the response does; KMS calls are rare (the data-key cache absorbs traffic).
    write(entry) {
      fs.appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    },
  };
}

/** Picks the loggable request fields; everything else in the body is ignored by construction. */
export function describeRequest(input: Record<string, unknown>) {
  const requestedKeyId = [input.KeyId, input.TargetKeyId, input.SourceKeyId, input.DestinationKeyId].find((value) => typeof value === 'string');
  return {
    requestedKeyId: requestedKeyId as string | undefined,
    encryptionContext: asContext(input.EncryptionContext ?? input.SourceEncryptionContext),
    destinationEncryptionContext: asContext(input.DestinationEncryptionContext),
  };
}

/** The resolved key id from a response (a bare key id or the end of an ARN). */
export function describeResponseKey(output: Record<string, unknown>): string | undefined {
  const metadata = output.KeyMetadata as { KeyId?: string } | undefined;
  const keyId = metadata?.KeyId ?? output.KeyId;
  return typeof keyId === 'string' ? keyId.replace(/^.*:key\//, '') : undefined;
}

function asContext(value: unknown): Record<string, string> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : undefined;
}
