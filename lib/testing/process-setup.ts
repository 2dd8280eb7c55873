/**
 * Loaded with `--import` into every node test process by scripts/test.ts: the process-wide wiring
 * that instrumentation.ts does when the console starts, so a test reaches the same code paths.
 */
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';

installPlacementAuditLog();
