/**
 * `modules.itertools`: the functions dbt code uses. Python's iterators become lists, which
 * templates loop over the same way (and can also index or measure).
 */
import { splitArguments } from '../template-args.js';

function items(iterable: unknown): unknown[] {
  if (iterable === null || iterable === undefined) return [];
  if (typeof iterable === 'string' || Array.isArray(iterable)) return [...iterable];
  if (typeof (iterable as Iterable<unknown>)[Symbol.iterator] === 'function')
    return [...(iterable as Iterable<unknown>)];
  return Object.keys(iterable as object);
}

function combinations(pool: unknown[], size: number, withReplacement: boolean): unknown[][] {
  const out: unknown[][] = [];
  const pick = (start: number, chosen: unknown[]) => {
    if (chosen.length === size) return void out.push(chosen);
    for (let i = start; i < pool.length; i++) pick(withReplacement ? i : i + 1, [...chosen, pool[i]]);
  };
  pick(0, []);
  return out;
}

function permutations(pool: unknown[], size: number): unknown[][] {
  if (size === 0) return [[]];
  return pool.flatMap((item, index) =>
    permutations([...pool.slice(0, index), ...pool.slice(index + 1)], size - 1).map((rest) => [item, ...rest]),
  );
}

/** `modules.itertools`. */
export const itertoolsModule = {
  chain: Object.assign((...iterables: unknown[]) => iterables.flatMap(items), {
    from_iterable: (iterables: unknown) => items(iterables).flatMap(items),
  }),
  product: (...args: unknown[]) => {
    const { positional, keywords } = splitArguments(args);
    const pools = positional.map(items);
    const repeated = Array.from({ length: Number(keywords.repeat ?? 1) }, () => pools).flat();
    return repeated.reduce<unknown[][]>(
      (acc, pool) => acc.flatMap((prefix) => pool.map((item) => [...prefix, item])),
      [[]],
    );
  },
  combinations: (iterable: unknown, size: unknown) => combinations(items(iterable), Number(size), false),
  combinations_with_replacement: (iterable: unknown, size: unknown) =>
    combinations(items(iterable), Number(size), true),
  permutations: (iterable: unknown, size?: unknown) => {
    const pool = items(iterable);
    return permutations(pool, size === undefined || size === null ? pool.length : Number(size));
  },
  /** `groupby(iterable, key=None)`: consecutive runs as `[key, [items]]` pairs. */
  groupby: (...args: unknown[]) => {
    const { positional, keywords } = splitArguments(args);
    const key = (positional[1] ?? keywords.key) as ((item: unknown) => unknown) | undefined;
    const groups: Array<[unknown, unknown[]]> = [];
    for (const item of items(positional[0])) {
      const value = typeof key === 'function' ? key(item) : item;
      const last = groups[groups.length - 1];
      if (last && last[0] === value) last[1].push(item);
      else groups.push([value, [item]]);
    }
    return groups;
  },
  islice: (iterable: unknown, ...bounds: unknown[]) => {
    const [start, stop, step] = bounds.length === 1 ? [0, bounds[0], 1] : [bounds[0] ?? 0, bounds[1], bounds[2] ?? 1];
    const list = items(iterable);
    const end = stop === null || stop === undefined ? list.length : Number(stop);
    return list.slice(Number(start), end).filter((_, index) => index % Number(step) === 0);
  },
  repeat: (item: unknown, times: unknown) => Array.from({ length: Number(times) }, () => item),
  accumulate: (iterable: unknown) => {
    let total: unknown;
    return items(iterable).map((item, index) => (total = index === 0 ? item : (total as number) + (item as number)));
  },
};

/** Python's `zip(*iterables)`: lists of items at the same index, as long as the shortest. */
export function pythonZip(...iterables: unknown[]): unknown[][] {
  const lists = iterables.map(items);
  const length = lists.length === 0 ? 0 : Math.min(...lists.map((list) => list.length));
  return Array.from({ length }, (_, index) => lists.map((list) => list[index]));
}
