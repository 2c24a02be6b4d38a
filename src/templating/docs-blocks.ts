/**
 * dbt's docs blocks: `{% docs name %} ... {% enddocs %}` in the `.md` files of a project,
 * each a piece of Markdown that descriptions include with `{{ doc('name') }}`. Like dbt,
 * a block's contents are taken as written (trimmed), and text outside blocks is ignored.
 */
import { StrataError } from '../errors/strata-error.js';

/** One `{% docs %}` block. */
export interface DocsBlock {
  name: string;
  /** the Markdown between the tags, trimmed */
  contents: string;
  /** 1-based line of the `{% docs %}` tag */
  line: number;
}

const TAG = /\{%-?\s*(docs|enddocs)\b\s*([^%]*?)\s*-?%\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every docs block of a `.md` file; an unclosed or unnamed block is an error at its line. */
export function parseDocsBlocks(text: string, file: string): DocsBlock[] {
  const blocks: DocsBlock[] = [];
  let open: { name: string; line: number; start: number } | undefined;
  for (const match of text.matchAll(TAG)) {
    const [tag, kind, argument] = match;
    const line = lineAt(text, match.index);
    if (kind === 'docs') {
      if (open) throw unclosed(open, file);
      if (!NAME.test(argument ?? '')) {
        throw new StrataError(`A docs block needs a name: ${tag}`, {
          location: { file, line },
          hint: 'Write {% docs orders_status %} ... {% enddocs %}; the name is what doc() is called with.',
        });
      }
      open = { name: argument!, line, start: match.index + tag.length };
    } else {
      if (!open) {
        throw new StrataError('{% enddocs %} without a {% docs %} block', {
          location: { file, line },
          hint: 'Open the block with {% docs name %}, or remove this tag.',
        });
      }
      blocks.push({ name: open.name, contents: text.slice(open.start, match.index).trim(), line: open.line });
      open = undefined;
    }
  }
  if (open) throw unclosed(open, file);
  return blocks;
}

function unclosed(open: { name: string; line: number }, file: string): StrataError {
  return new StrataError(`The docs block "${open.name}" is never closed`, {
    location: { file, line: open.line },
    hint: 'End it with {% enddocs %}.',
  });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
