/**
 * Every description of one schema file (models, seeds, analyses, sources, source tables
 * and their columns) rendered in place, so the nodes built from the file carry the text.
 */
import type { DescriptionRenderer } from '../templating/description-renderer.js';
import type { ColumnDeclaration, SchemaFile } from './schema-types.js';

/** Something with a description, declared at `line` of the file. */
interface Described {
  description: string;
  line: number;
}

/** Render the descriptions of `schemaFile`; `fileText` is read only when an error needs a line. */
export function renderDescriptions(
  schemaFile: SchemaFile,
  renderer: DescriptionRenderer,
  fileText: () => string,
): void {
  const render = (entry: Described) => {
    if (entry.description === '') return;
    // the line is looked up only if an error reads it: most descriptions render without one
    entry.description = renderer.render(entry.description, {
      file: schemaFile.file,
      get line() {
        return descriptionLine(fileText(), entry.line);
      },
    });
  };
  const withColumns = (entry: Described & { columns: ColumnDeclaration[] }) => {
    render(entry);
    entry.columns.forEach(render);
  };
  [...schemaFile.models, ...schemaFile.seeds, ...schemaFile.analyses].forEach(withColumns);
  for (const source of schemaFile.sources) {
    render(source);
    source.tables.forEach(withColumns);
  }
}

/** The line of the first `description:` at or below the entry's line (the entry's own when none). */
function descriptionLine(text: string, entryLine: number): number {
  const lines = text.split('\n');
  for (let index = entryLine - 1; index < lines.length; index++) {
    if (/^\s*-?\s*description\s*:/.test(lines[index]!)) return index + 1;
  }
  return entryLine;
}
