import type { ManifestBuilder } from '../manifest-builder.js';
import { parseMacroFile } from '../parse-macros.js';

/**
 * Phase: every `{% macro %}` and `{% test %}` of the macro paths and of the generic test
 * folders (`<test path>/generic`), callable from the templates parsed after it.
 */
export function addMacros(builder: ManifestBuilder): void {
  for (const file of [...builder.files('macros'), ...builder.files('generic_tests')]) {
    for (const macro of parseMacroFile(builder.context, file)) builder.addMacro(macro);
  }
}
