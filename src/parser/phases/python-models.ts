import type { ManifestBuilder } from '../manifest-builder.js';

/**
 * Phase: a `.py` file under the model paths is a Python model to a dbt user. Strata does
 * not run Python models; rather than skip the file without a word, each gets one warning.
 */
export function warnPythonModels(builder: ManifestBuilder): void {
  for (const file of builder.files('python_models')) {
    builder.warn(
      `${file.file}: Python models are not supported by Strata; ` +
        `"${file.stem}" is not a model and nothing is built from this file.`,
    );
  }
}
