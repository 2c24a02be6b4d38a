/**
 * CPU and memory of a running process, sampled from /proc while a benchmark runs: CPU as
 * a share of one core over the window (user + system time of all its threads), RSS as the
 * average and the peak of the samples.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** What one process used over a window. */
export interface ProcessUsage {
  name: string;
  /** CPU seconds per wall second: 1.0 is one core busy all the time */
  cpuCores: number;
  avgRssMb: number;
  peakRssMb: number;
}

function readStat(pid: number): { cpuSeconds: number; rssBytes: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15, rss 24
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: Number(fields[21]) * PAGE_BYTES };
  } catch {
    return undefined; // the process has ended
  }
}

/** Samples one process every `everyMs` from `start()` to `stop()`. */
export class UsageSampler {
  private first?: { at: number; cpuSeconds: number };
  private last?: { at: number; cpuSeconds: number };
  private rss: number[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    readonly name: string,
    private readonly pid: number,
    private readonly everyMs = 1_000,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  /** Stop sampling and sum up the window. */
  stop(): ProcessUsage {
    clearInterval(this.timer);
    this.sample();
    const seconds = this.first && this.last ? (this.last.at - this.first.at) / 1000 : 0;
    const cpu = this.first && this.last ? this.last.cpuSeconds - this.first.cpuSeconds : 0;
    const mb = (bytes: number) => bytes / 2 ** 20;
    return {
      name: this.name,
      cpuCores: seconds > 0 ? cpu / seconds : 0,
      avgRssMb: this.rss.length > 0 ? mb(this.rss.reduce((a, b) => a + b, 0) / this.rss.length) : 0,
      peakRssMb: mb(Math.max(0, ...this.rss)),
    };
  }

  private sample(): void {
    const stat = readStat(this.pid);
    if (!stat) return;
    const point = { at: performance.now(), cpuSeconds: stat.cpuSeconds };
    this.first ??= point;
    this.last = point;
    this.rss.push(stat.rssBytes);
  }
}
