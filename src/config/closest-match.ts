/**
 * "Did you mean ...?" suggestions for unknown keys, refs, profiles and targets.
 */

/** Edit distance (insert, delete, substitute each cost 1) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // One rolling row keeps this O(min) in memory; inputs are short identifiers.
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Case, `-` and `_` do not count as typos: `Model-Paths` is close to `model_paths`. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The candidate closest to `word`, or undefined when none is plausibly a typo of it
 * (distance above a third of the word's length, at least 2).
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const target = normalize(word);
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) return candidate;
    const normalized = normalize(candidate);
    const distance = levenshtein(target, normalized);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `Did you mean "x"?` when a close candidate exists, else an empty string; for building hints. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `Did you mean "${match}"?`;
}
