/**
 * Every description of one schema file (models, seeds, analyses, sources, source tables,
 * their columns and tests) rendered in place, so the nodes built from the file carry the text.
 */
import type { DescriptionRenderer } from '../templating/description-renderer.js';
import type { ColumnDeclaration, SchemaFile, TestDeclaration } from './schema-types.js';

/** Something with a description, declared at `line` of the file. */
interface Described {
  description?: string;
  line: number;
}

/** Render the descriptions of `schemaFile`; `fileText` is read only when an error needs a line. */
export function renderDescriptions(
  schemaFile: SchemaFile,
  renderer: DescriptionRenderer,
  fileText: () => string,
): void {
  const render = (entry: Described) => {
    if (!entry.description) return;
    const text = entry.description;
    // the line is looked up only if an error reads it: most descriptions render without one
    entry.description = renderer.render(text, {
      file: schemaFile.file,
      get line() {
        return descriptionLine(fileText(), entry.line, text);
      },
    });
  };
  // an entry, its tests, its columns and their tests
  const withColumns = (entry: Described & { columns: ColumnDeclaration[]; tests?: TestDeclaration[] }) => {
    render(entry);
    entry.tests?.forEach(render);
    for (const column of entry.columns) {
      render(column);
      column.tests.forEach(render);
    }
  };
  [...schemaFile.models, ...schemaFile.seeds, ...schemaFile.analyses].forEach(withColumns);
  for (const source of schemaFile.sources) {
    render(source);
    source.tables.forEach(withColumns);
  }
  schemaFile.exposures?.forEach(render);
}

/**
 * The line of a description: the first line from the entry's on that holds the start of its
 * text as written, else the first `description:` key, else the entry's own line.
 */
function descriptionLine(fileText: string, entryLine: number, description: string): number {
  const lines = fileText.split('\n').slice(entryLine - 1);
  const start = description.trim().split('\n')[0]!.slice(0, 40);
  const found = lines.findIndex((line) => line.includes(start));
  const key = lines.findIndex((line) => /^\s*-?\s*description\s*:/.test(line));
  const index = found >= 0 ? found : key;
  return index >= 0 ? entryLine + index : entryLine;
}
