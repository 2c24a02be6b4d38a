/**
 * Durations in configuration: a number of seconds, or a number with a unit
 * (`90s`, `30m`, `36h`, `7d`, `2w`). Years and months are left out on purpose: their
 * length varies, and a window of `3650d` says exactly what it means.
 */

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** The milliseconds `value` stands for, or undefined when it is not a positive duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value * 1_000 : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/.exec(value);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] || 's'] ?? 1_000);
  return ms > 0 ? ms : undefined;
}

/** A duration for messages: the largest unit that divides it (`36h`, `7d`), else seconds. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_MS[unit] as number;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1_000}s`;
}
