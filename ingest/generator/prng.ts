/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) and the
 * draws the event model needs. Everything the generator produces flows from one of
 * these, so a seed reproduces the same bytes on every machine.
 */

/** Deterministic random draws. */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [min, max] */
  int(min: number, max: number): number;
  /** uniform float in [min, max) */
  float(min: number, max: number): number;
  /** true with the given probability */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** pick by relative weight */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** exponential draw with the given mean */
  exponential(mean: number): number;
  /** Poisson-distributed count with the given mean (small means only) */
  poisson(mean: number): number;
  /** a version-4-shaped UUID */
  uuid(): string;
}

/** Mix a seed and any number of integers into one 32-bit seed (splitmix32 steps). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = splitmix32(h ^ Math.imul(part | 0, 0x85ebca6b));
  }
  return h >>> 0;
}

function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** An sfc32 generator seeded from one 32-bit integer. */
export function createRng(seed: number): Rng {
  let a = splitmix32(seed);
  let b = splitmix32(a);
  let c = splitmix32(b);
  let d = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state during its first rounds.
  for (let i = 0; i < 12; i += 1) nextUint32();

  const next = (): number => nextUint32() / 4294967296;
  const hex = (digits: number): string => {
    let out = '';
    while (out.length < digits) out += nextUint32().toString(16).padStart(8, '0');
    return out.slice(0, digits);
  };

  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items, weight) => {
      const total = items.reduce((sum, item) => sum + weight(item), 0);
      let target = next() * total;
      for (const item of items) {
        target -= weight(item);
        if (target < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error('pick from an empty list');
      return last;
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    poisson: (mean) => {
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count += 1;
        product *= next();
      }
      return count;
    },
    uuid: () => {
      const h = hex(32);
      const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
