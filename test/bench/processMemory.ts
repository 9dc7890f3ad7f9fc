import fs from 'node:fs';

/** One process's resident memory, from /proc. */
export interface ProcessRss {
  pid: number;
  command: string;
  rssBytes: number;
}

/** The process group of a process, from /proc/<pid>/stat (field 5, after the command in parentheses). */
function groupOf(pid: string): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined; // exited while we looked
  }
}

function rssOf(pid: number): ProcessRss | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
    const command = fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .slice(0, 3)
      .join(' ');
    return Number.isNaN(kb) ? undefined : { pid, command, rssBytes: kb * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Resident memory of every process in a process group, largest first. The portal
 * backend runs as a child of `backstage-cli package start` in the group the test
 * started, so the backend is the group's largest process, not its leader.
 */
export function processGroupRss(groupId: number): ProcessRss[] {
  return fs
    .readdirSync('/proc')
    .filter(name => /^\d+$/.test(name) && groupOf(name) === groupId)
    .map(name => rssOf(Number(name)))
    .filter((p): p is ProcessRss => p !== undefined)
    .sort((a, b) => b.rssBytes - a.rssBytes);
}

/** CPU time (user + system, ms) in a /proc stat file: fields 14 and 15, in clock ticks (100 a second on Linux). */
function statCpuMs(file: string): number {
  try {
    const stat = fs.readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU time (user + system, ms) a process's main thread has used so far, from
 * /proc/<pid>/task/<pid>/stat: the event loop's share, apart from its worker threads.
 */
export function mainThreadCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/task/${pid}/stat`);
}

/** CPU time (user + system, ms) all of a process's threads have used so far. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}
