import { StrataError } from '../errors/strata-error.js';

/** One `{% snapshot name %}...{% endsnapshot %}` block of a file. */
export interface SnapshotBlock {
  name: string;
  /** 1-based line of the opening tag */
  line: number;
  /**
   * The block's body with every line before it blank, so that a template error inside it
   * names the line of the file.
   */
  body: string;
}

const OPEN = /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}/g;
const CLOSE = /\{%-?\s*endsnapshot\s*-?%\}/g;
const ANY_OPEN = /\{%-?\s*snapshot\b/g;

/**
 * The snapshot blocks of a file of the snapshot paths, in order. An unclosed block, a
 * block inside another, or a `snapshot` tag without a valid name is an error at its line.
 */
export function snapshotBlocks(text: string, file: string): SnapshotBlock[] {
  const blocks: SnapshotBlock[] = [];
  let at = 0;
  for (;;) {
    ANY_OPEN.lastIndex = at;
    const tag = ANY_OPEN.exec(text);
    if (tag === null) return blocks;
    OPEN.lastIndex = tag.index;
    const open = OPEN.exec(text);
    const line = lineAt(text, tag.index);
    if (open === null || open.index !== tag.index) {
      throw new StrataError('A snapshot block must start with {% snapshot <name> %}', {
        location: { file, line },
        hint: 'Name the snapshot with letters, digits and underscores, e.g. {% snapshot orders_snapshot %}.',
      });
    }
    const start = open.index + open[0].length;
    CLOSE.lastIndex = start;
    const close = CLOSE.exec(text);
    if (close === null) {
      throw new StrataError(`The snapshot block '${open[1]}' is not closed`, {
        location: { file, line },
        hint: 'End it with {% endsnapshot %}.',
      });
    }
    ANY_OPEN.lastIndex = start;
    const nested = ANY_OPEN.exec(text);
    if (nested !== null && nested.index < close.index) {
      throw new StrataError(`A snapshot block starts inside the snapshot block '${open[1]}'`, {
        location: { file, line: lineAt(text, nested.index) },
        hint: 'Close each block with {% endsnapshot %} before the next {% snapshot %}.',
      });
    }
    const before = text.slice(0, start).replace(/[^\n]/g, '');
    blocks.push({ name: open[1]!, line, body: before + text.slice(start, close.index) });
    at = close.index + close[0].length;
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
