import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { present } from './present';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

interface ProcStat {
  readonly ppid: number;
  /** user + system time of the process itself. */
  readonly own: number;
  /** user + system time of its children that have exited and been waited for. */
  readonly reaped: number;
}

async function procStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
  const fields = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const at = (field: number) => present(fields[field - 3], `field ${field} of /proc/${pid}/stat`);
  return { ppid: at(4), own: at(14) + at(15), reaped: at(16) + at(17) };
}

/**
 * CPU milliseconds used so far by the embedded PostgreSQL under `dataDir`: the postmaster, its
 * live backends and workers, and those that have exited (PostgreSQL starts every backend as a
 * direct child of the postmaster and waits for it).
 */
export async function postgresCpuMs(dataDir: string): Promise<number> {
  const pid = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const postmaster = await procStat(pid);
  if (!postmaster) throw new Error(`no PostgreSQL process ${pid}`);
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const children = (await Promise.all(pids.map(procStat))).filter((stat): stat is ProcStat => stat?.ppid === pid);
  const ticks = postmaster.own + postmaster.reaped + children.reduce((sum, child) => sum + child.own, 0);
  return ticks * MS_PER_TICK;
}
