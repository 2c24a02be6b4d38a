import { readFileSync } from 'node:fs';
import type { MacroDefinition } from '../manifest/types.js';
import { TEST_MACRO_PREFIX } from '../templating/test-block.js';
import { toTemplateError } from '../templating/template-error.js';
import type { DiscoveredFile } from './discover.js';
import { installedPackageOf, type ParseContext } from './parse-context.js';

/** Compile a macro file and make its `{% macro %}`s callable from every template. */
export function parseMacroFile(ctx: ParseContext, file: DiscoveredFile): MacroDefinition[] {
  const fileText = readFileSync(file.path, 'utf8');
  let names: string[];
  try {
    const packageName = installedPackageOf(ctx);
    names = ctx.templates.registerMacros(ctx.templates.compile(fileText, file.file, packageName), packageName);
  } catch (error) {
    throw toTemplateError(error, file.file, 'parse', { source: fileText });
  }
  // One definition per `{% macro %}` tag: a name defined twice in the file yields two, so
  // the caller's duplicate check names both lines (the template keeps only the last).
  return names.flatMap((name) =>
    definitionLines(fileText, name).map((line) => ({
      uniqueId: `macro.${ctx.project.name}.${name}`,
      name,
      origin: { file: file.file, line },
      fileText,
    })),
  );
}

/**
 * 1-based lines of the `{% macro name(...) %}` tags defining `name` (or `{% test x %}` for
 * `test_x`), at least one entry.
 */
function definitionLines(fileText: string, name: string): Array<number | undefined> {
  const testName = name.startsWith(TEST_MACRO_PREFIX) ? `|test\\s+${name.slice(TEST_MACRO_PREFIX.length)}` : '';
  const tag = new RegExp(`\\{%-?\\s*(?:macro\\s+${name}${testName})\\b`, 'g');
  const lines = [...fileText.matchAll(tag)].map((match) => fileText.slice(0, match.index).split('\n').length);
  return lines.length > 0 ? lines : [undefined];
}
