/**
 * CPU time of a server made of several processes (PostgreSQL: the postmaster and one
 * backend per connection), read from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

/**
 * Parent pid, CPU seconds (user + system) of one process, and those of its children that
 * have ended and been waited for; null when it is gone.
 */
function readStat(pid: number): { parent: number; seconds: number; endedChildren: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    parent: Number(fields[1]),
    seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
    endedChildren: (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS,
  };
}

/**
 * CPU seconds used so far by `root` and its direct children: those running, and those that
 * ended (a backend whose connection closed), which the kernel adds to `root`'s count of
 * waited-for children. So the total only grows.
 */
export function treeCpuSeconds(root: number): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = readStat(pid);
    if (!stat) continue;
    if (pid === root) total += stat.seconds + stat.endedChildren;
    else if (stat.parent === root) total += stat.seconds;
  }
  return total;
}
