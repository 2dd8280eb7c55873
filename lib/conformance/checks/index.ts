import 'server-only';
import type { ConformanceCheck } from '../types';
import { cacheSaltCheck } from './cache-salt';
import { contextCanaryCheck } from './context-canary';
import { databaseCatalogCheck } from './database-catalog';
import { databaseCrossReadCheck } from './database-cross-read';
import { databaseForeignDatabaseCheck, databaseForeignSchemaCheck } from './database-foreign-location';
import { databaseNoContextCheck } from './database-no-context';
import { databaseRolePowerCheck } from './database-role-power';
import { keysCrossOpenCheck } from './keys-cross-open';
import { keysStateCheck } from './keys-state';
import { logsChainCheck, logsViewCheck } from './logs-isolation';
import { retrievalCrossQueryCheck } from './retrieval-cross-query';

/** Every check, in the order a run performs them (the order of the layers a questionnaire asks about). */
export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [
  databaseCrossReadCheck,
  databaseNoContextCheck,
  databaseCatalogCheck,
  databaseRolePowerCheck,
  databaseForeignSchemaCheck,
  databaseForeignDatabaseCheck,
  keysCrossOpenCheck,
  keysStateCheck,
  contextCanaryCheck,
  cacheSaltCheck,
  retrievalCrossQueryCheck,
  logsViewCheck,
  logsChainCheck,
];

export function getConformanceCheck(id: string): ConformanceCheck | undefined {
  return CONFORMANCE_CHECKS.find((check) => check.id === id);
}
