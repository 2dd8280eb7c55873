import 'server-only';
import { resetKmsCallCounts } from './call-counts';
import { clearDataKeyCache } from './data-keys';
import { resetKmsClient } from './kms-client';

/**
 * Forgets the client, the cached data keys and the call counts, so the next call re-reads the
 * environment. For tests and benchmarks that start their own KMS server.
 */
export function resetKmsState() {
  resetKmsClient();
  clearDataKeyCache();
  resetKmsCallCounts();
}
