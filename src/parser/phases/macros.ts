import type { ManifestBuilder } from '../manifest-builder.js';
import { parseMacroFile } from '../parse-macros.js';

/** Phase: every `{% macro %}` of the macro paths, callable from the templates parsed after it. */
export function addMacros(builder: ManifestBuilder): void {
  for (const file of builder.files('macros')) {
    for (const macro of parseMacroFile(builder.context, file)) builder.addMacro(macro);
  }
}
