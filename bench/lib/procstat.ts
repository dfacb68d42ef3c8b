// What a process uses, read from /proc (Linux): resident memory and CPU time.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

/** Resident set size and its peak, MiB; undefined when the process is gone (or not Linux). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: Math.round(kb('VmRSS') / 1024), peakMiB: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a process and its children, running and ended: a PostgreSQL cluster is its
 * postmaster and one backend per connection (an ended backend's time is in the postmaster's cutime).
 */
export function treeCpuSecondsOf(pid: number): number | undefined {
  const fieldsOf = (p: string) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return undefined;
    }
  };
  const own = fieldsOf(String(pid));
  if (!own) return undefined;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const p of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const f = fieldsOf(p);
    if (f && Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** CPU seconds the whole machine has been busy (all cores, /proc/stat), undefined if unknown. */
export function machineBusySeconds(): number | undefined {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait
    const busy = cpu.slice(0, 8).reduce((a, b) => a + b, 0) - cpu[3] - cpu[4];
    return busy / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU used by named processes between start() and stop(), in cores (CPU seconds per second), and
 * `others`: what every other process on the machine used meanwhile (a shared machine is noisy).
 */
export class CpuMeter {
  private t0 = 0;
  private before = new Map<string, number>();
  private machine0?: number;

  constructor(private readonly pids: () => Record<string, number | undefined>) {}

  start(): this {
    this.t0 = performance.now();
    this.before = new Map();
    for (const [name, pid] of Object.entries(this.pids())) {
      const s = name === 'bench' ? process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 : pid ? treeCpuSecondsOf(pid) : undefined;
      if (s !== undefined) this.before.set(name, s);
    }
    this.machine0 = machineBusySeconds();
    return this;
  }

  /** Cores used by each process over the interval, e.g. { devServer: 0.9, node: 0.8, bench: 0.2 }. */
  stop(): Record<string, number> {
    const secs = (performance.now() - this.t0) / 1000;
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids())) {
      const s = name === 'bench' ? process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 : pid ? treeCpuSecondsOf(pid) : undefined;
      const b = this.before.get(name);
      if (s !== undefined && b !== undefined) out[name] = Math.round(((s - b) / secs) * 100) / 100;
    }
    const m = machineBusySeconds();
    if (m !== undefined && this.machine0 !== undefined) {
      const ours = Object.values(out).reduce((a, b) => a + b, 0);
      out.others = Math.max(0, Math.round(((m - this.machine0) / secs - ours) * 100) / 100);
    }
    return out;
  }
}
