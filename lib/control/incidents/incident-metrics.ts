import 'server-only';
import { defineCounter } from '@/lib/metrics/metric-registry';

/** Incidents opened by this process, by kind (a closed set: IncidentKind). Rare: a plain counter. */
export const incidentsOpened = defineCounter({
  name: 'bulkhead_incidents_opened_total',
  help: 'Incidents opened by this process, by kind.',
  labelNames: ['kind'],
});
