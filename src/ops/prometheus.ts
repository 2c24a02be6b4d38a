/**
 * Just enough of the Prometheus text exposition format (version 0.0.4): counters,
 * gauges and histograms with labels, written by hand rather than pulling in a client.
 */

export type Labels = Record<string, string | number>;

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  lines(): string[];
}

/** `{a="x",b="y"}` with values escaped as the format requires; empty for no labels. */
export function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const text = entries.map(
    ([key, value]) => `${key}="${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `{${text.join(',')}}`;
}

/** A sample value: integers as written, others with enough precision, and the special values. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

class LabelledValues {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  add(labels: Labels, delta: number): void {
    const key = formatLabels(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += delta;
    else this.values.set(key, { labels, value: delta });
  }

  set(labels: Labels, value: number): void {
    this.values.set(formatLabels(labels), { labels, value });
  }

  get(labels: Labels): number {
    return this.values.get(formatLabels(labels))?.value ?? 0;
  }

  delete(labels: Labels): void {
    this.values.delete(formatLabels(labels));
  }

  clear(): void {
    this.values.clear();
  }

  entries(): Array<{ labels: Labels; value: number }> {
    return [...this.values.values()];
  }
}

export class Counter implements Metric {
  readonly type = 'counter';
  private readonly values = new LabelledValues();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, delta = 1): void {
    this.values.add(labels, delta);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labels);
  }

  /** Sum over every label set. */
  total(): number {
    return this.values.entries().reduce((sum, entry) => sum + entry.value, 0);
  }

  lines(): string[] {
    return this.values
      .entries()
      .map(({ labels, value }) => `${this.name}${formatLabels(labels)} ${formatValue(value)}`);
  }
}

export class Gauge implements Metric {
  readonly type = 'gauge';
  private readonly values = new LabelledValues();

  /** `collect` refreshes the values just before they are written. */
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly collect?: (gauge: Gauge) => void,
  ) {}

  set(labels: Labels, value: number): void {
    this.values.set(labels, value);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labels);
  }

  delete(labels: Labels): void {
    this.values.delete(labels);
  }

  clear(): void {
    this.values.clear();
  }

  lines(): string[] {
    this.collect?.(this);
    return this.values
      .entries()
      .map(({ labels, value }) => `${this.name}${formatLabels(labels)} ${formatValue(value)}`);
  }
}

export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((bound, index) => {
      if (value <= bound) this.counts[index] = (this.counts[index] ?? 0) + 1;
    });
  }

  get observations(): number {
    return this.count;
  }

  lines(): string[] {
    const lines = this.buckets.map(
      (bound, index) => `${this.name}_bucket${formatLabels({ le: formatValue(bound) })} ${this.counts[index] ?? 0}`,
    );
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${this.name}_sum ${formatValue(this.sum)}`);
    lines.push(`${this.name}_count ${this.count}`);
    return lines;
  }
}

/** A set of metrics written together. */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  register<T extends Metric>(metric: T): T {
    this.metrics.push(metric);
    return metric;
  }

  /** The whole exposition, `# HELP` and `# TYPE` before each metric's samples. */
  format(): string {
    const out: string[] = [];
    for (const metric of this.metrics) {
      out.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${metric.name} ${metric.type}`);
      out.push(...metric.lines());
    }
    return `${out.join('\n')}\n`;
  }
}
