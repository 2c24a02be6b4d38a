/**
 * Which line of a template each line of its rendered SQL came from. Templating keeps most
 * lines as they are (plain SQL), so those anchor the match; the lines between two anchors
 * (a macro's expansion, lines a `{%- -%}` removed) map to the template lines between the
 * same anchors.
 */

/** Above this many line pairs the template is assumed to keep its lines (a 2,000-line model is 4 M). */
const MAX_PAIRS = 4_000_000;

/** For each 0-based line of `rendered`, the 0-based line of `template` it was rendered from. */
export function alignRenderedLines(template: string, rendered: string): number[] {
  const a = template.split('\n').map((line) => line.trim());
  const b = rendered.split('\n').map((line) => line.trim());
  if (a.length * b.length > MAX_PAIRS) return b.map((_, index) => Math.min(index, a.length - 1));
  const anchors = commonLines(a, b);
  const result = new Array<number>(b.length);
  let previous: [number, number] = [-1, -1];
  for (const anchor of [...anchors, [a.length, b.length] as [number, number]]) {
    const [templateFrom, renderedFrom] = [previous[0] + 1, previous[1] + 1];
    const templateGap = anchor[0] - templateFrom;
    for (let j = renderedFrom; j < anchor[1]; j++) {
      // a gap with no template line is an expansion of the line before it
      result[j] =
        templateGap === 0 ? Math.max(previous[0], 0) : templateFrom + Math.min(j - renderedFrom, templateGap - 1);
    }
    if (anchor[1] < b.length) result[anchor[1]] = anchor[0];
    previous = anchor;
  }
  return result;
}

/** The pairs (template line, rendered line) of a longest common subsequence of equal lines. */
function commonLines(a: string[], b: string[]): Array<[number, number]> {
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return pairs;
}
