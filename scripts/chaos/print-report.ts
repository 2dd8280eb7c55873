import type { ChaosReport } from './run-chaos';

/** Every broken guarantee, each as a sentence; empty when the run kept them all. */
export function findBrokenGuarantees(report: ChaosReport): string[] {
  const broken: string[] = [];
  for (const row of report.faults) {
    if (row.wrongFailures.length > 0)
      broken.push(`${row.name}: ${row.wrongFailures.length} request(s) failed wrongly, e.g. ${row.wrongFailures.slice(0, 3).join('; ')}`);
    if (row.unaffectedRequests > 0 && row.unaffectedAnswered === 0) broken.push(`${row.name}: unaffected tenants were not served`);
    if (row.recoverySeconds === null) broken.push(`${row.name}: the success rate did not return to baseline within ${report.recoveryBoundSeconds} s`);
  }
  const audit = report.total.audit;
  if (audit.lost > 0 || audit.duplicated > 0)
    broken.push(`audit: ${audit.lost} answer(s) without their event, ${audit.duplicated} with extra events, e.g. ${audit.examples.join('; ')}`);
  if (report.total.foreignPlants > 0) broken.push(`isolation: ${report.total.foreignPlants} answer(s) held another tenant's row or canary`);
  if (report.isolation.answered === 0 || report.isolation.withoutOwnRow > 0) {
    broken.push(
      `pooled isolation: ${report.isolation.withoutOwnRow} of ${report.isolation.answered} answers lacked their own tenant's row (the positive control)`,
    );
  }
  if (report.isolation.answered < report.isolation.requests)
    broken.push(`pooled isolation: ${report.isolation.requests - report.isolation.answered} request(s) not answered with nothing broken`);
  if (report.baseline.successRate < 0.99) broken.push(`baseline: only ${(report.baseline.successRate * 100).toFixed(1)}% answered with no fault`);
  for (const chain of report.unverifiedChains) broken.push(`audit chain did not verify: ${chain}`);
  return broken;
}

export function printReport(report: ChaosReport, print: (line: string) => void) {
  const header = [
    'fault',
    'affects',
    'lasted',
    'requests',
    'answered',
    'failed as allowed',
    'wrong failures',
    'unaffected answered',
    'answers w/o event',
    'extra events',
    'foreign rows',
    'recovery',
  ];
  const rows = report.faults.map((row) => [
    row.name,
    row.affects,
    `${row.faultSeconds.toFixed(1)} s`,
    String(row.requests),
    String(row.answered),
    String(row.failedAsAllowed),
    String(row.wrongFailures.length),
    row.unaffectedRequests === 0 ? 'n/a' : `${row.unaffectedAnswered}/${row.unaffectedRequests}`,
    String(row.audit.lost),
    String(row.audit.duplicated),
    String(row.foreignPlants),
    row.recoverySeconds === null ? `> ${report.recoveryBoundSeconds} s` : `${row.recoverySeconds.toFixed(2)} s`,
  ]);
  const iso = report.isolation;
  rows.push([
    `pooled isolation (${iso.workers} workers)`,
    'none',
    `${iso.seconds.toFixed(0)} s`,
    String(iso.requests),
    String(iso.answered),
    String(iso.requests - iso.answered - iso.wrongFailures.length),
    String(iso.wrongFailures.length),
    '-',
    String(iso.audit.lost),
    String(iso.audit.duplicated),
    String(iso.foreignPlants),
    `${(iso.requests / iso.seconds).toFixed(0)} req/s`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  print(
    `\nChaos run: concurrency ${report.concurrency}, tenants ${report.tenants.map((tenant) => `${tenant.tier}${tenant.server === 'second' ? ' (second server)' : ''}`).join(', ')}`,
  );
  print(
    `Baseline: ${report.baseline.requests} requests, ${(report.baseline.successRate * 100).toFixed(1)}% answered, ${(report.baseline.ownRowRate * 100).toFixed(1)}% quoting their own row.`,
  );
  print(
    `Recovery: seconds from the fault clearing to the start of the last request that still failed, once a 1.5 s window's success rate is back at baseline (bound ${report.recoveryBoundSeconds} s); nothing restarted by hand.\n`,
  );
  print(line(header));
  print(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) print(line(row));
  print('\nHow affected requests failed (status code: message, count):');
  for (const row of report.faults) {
    const kinds = Object.entries(row.failureKinds).sort((a, b) => b[1] - a[1]);
    print(`- ${row.name}: ${kinds.length === 0 ? 'none failed' : kinds.map(([kind, count]) => `${kind} (${count})`).join('; ')}`);
  }
  const audit = report.total.audit;
  print(
    `\nAll ${report.total.requests} requests: ${audit.withContent} delivered answer text; ${audit.lost} without their audit event, ${audit.duplicated} with extra events; ${report.total.foreignPlants} answers with another tenant's row or canary.`,
  );
  print(`Audit chains verified: ${report.tenants.length - report.unverifiedChains.length} of ${report.tenants.length}.`);
}
