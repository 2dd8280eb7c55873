import { readdirSync, readFileSync } from 'node:fs';

// Linux reports CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const msPerTick = 10;

/**
 * CPU time (user + system, ms) spent so far by the live processes of one process group (a
 * detached child and everything it started), read from /proc. Benchmarks divide the difference by
 * the requests served: CPU per request holds steady when other work on the machine skews latency.
 * Returns null where /proc is unavailable.
 */
export function readProcessGroupCpuMs(groupId: number): number | null {
  return sumCpuMs((pid, fields) => Number(fields[2]) === groupId);
}

/** CPU time (ms) of a PostgreSQL postmaster and its live backends and workers (its direct children). */
export function readServerCpuMs(postmasterPid: number): number | null {
  return sumCpuMs((pid, fields) => pid === postmasterPid || Number(fields[1]) === postmasterPid);
}

/** Children of this process whose command is `name` (e.g. the embedded postmaster). */
export function findChildPids(name: string, parentPid = process.pid): number[] {
  const found: number[] = [];
  sumCpuMs((pid, fields, command) => {
    if (command === name && Number(fields[1]) === parentPid) found.push(pid);
    return false;
  });
  return found;
}

function sumCpuMs(include: (pid: number, fields: string[], command: string) => boolean): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && include(Number(entry), stat.fields, stat.command)) ticks += Number(stat.fields[11]) + Number(stat.fields[12]);
  }
  return ticks * msPerTick;
}

/** /proc/<pid>/stat: the command name and the fields after it (the name may hold spaces and parentheses). */
function readStat(pid: string): { command: string; fields: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const end = stat.lastIndexOf(')');
    return { command: stat.slice(stat.indexOf('(') + 1, end), fields: stat.slice(end + 2).split(' ') };
  } catch {
    return null; // the process ended between the listing and the read
  }
}
