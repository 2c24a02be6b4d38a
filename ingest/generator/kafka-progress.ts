/**
 * The generator's live progress line: events sent (of how many), the current rate and
 * the time elapsed, redrawn in place on a terminal a few times a second, and nothing at
 * all when the stream is not a terminal (logs and pipes get the final summary only).
 */

export interface ProgressState {
  sent: number;
  total: number;
  elapsedMs: number;
  /** events per second over the last few seconds */
  rate: number;
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return number.format(value);
}

/** `h:mm:ss`, or `m:ss` under an hour. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** `sent 12,345 / 100,000 events (12.3%)  4,998 events/s  elapsed 0:02` */
export function formatProgress(state: ProgressState): string {
  const share = state.total > 0 ? ` (${((100 * state.sent) / state.total).toFixed(1)}%)` : '';
  const sent = `sent ${formatCount(state.sent)} / ${formatCount(state.total)} events${share}`;
  return `${sent}  ${formatCount(state.rate)} events/s  elapsed ${formatElapsed(state.elapsedMs)}`;
}

/** Events per second over a sliding window of recent samples. */
export class RateMeter {
  private readonly samples: Array<{ at: number; count: number }> = [];

  constructor(private readonly windowMs = 3_000) {}

  record(at: number, count: number): void {
    this.samples.push({ at, count });
    while (this.samples.length > 2 && (this.samples[1] as { at: number }).at <= at - this.windowMs)
      this.samples.shift();
  }

  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return ((last.count - first.count) * 1000) / (last.at - first.at);
  }
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

/** A line redrawn in place on a terminal; silent on anything else. */
export class ProgressLine {
  private drawn = false;

  constructor(private readonly stream: ProgressStream) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(text: string): void {
    if (!this.enabled) return;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  /** Leave the last state on screen and move to a new line. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
