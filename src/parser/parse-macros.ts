import { readFileSync } from 'node:fs';
import type { MacroDefinition } from '../manifest/types.js';
import { toTemplateError } from '../templating/template-error.js';
import type { DiscoveredFile } from './discover.js';
import { lineOf, type ParseContext } from './parse-context.js';

/** Compile a macro file and make its `{% macro %}`s callable from every template. */
export function parseMacroFile(ctx: ParseContext, file: DiscoveredFile): MacroDefinition[] {
  const fileText = readFileSync(file.path, 'utf8');
  let names: string[];
  try {
    names = ctx.templates.registerMacros(ctx.templates.compile(fileText, file.file));
  } catch (error) {
    throw toTemplateError(error, file.file, 'parse', { source: fileText });
  }
  return names.map((name) => ({
    uniqueId: `macro.${ctx.project.name}.${name}`,
    name,
    origin: { file: file.file, line: lineOf(fileText, new RegExp(`\\{%-?\\s*macro\\s+${name}\\b`)) },
    fileText,
  }));
}
