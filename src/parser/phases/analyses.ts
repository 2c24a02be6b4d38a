import type { ManifestBuilder } from '../manifest-builder.js';
import { parseAnalysis } from '../parse-analyses.js';

/**
 * Phase: every SQL file of the analysis paths, with its `analyses:` entry of schema YAML;
 * compiled by `compile`, never run. An entry naming no file is a warning, as for models.
 */
export function addAnalyses(builder: ManifestBuilder): void {
  const files = builder.files('analyses');
  for (const file of files) {
    const { node, template } = parseAnalysis(builder.context, file, builder.patches.analysis.get(file.stem));
    if (node.config.enabled) builder.addNode(node, template);
  }
  const onDisk = new Set(files.map((file) => file.stem));
  for (const patch of builder.patches.analysis.values()) {
    if (!onDisk.has(patch.name))
      builder.warn(
        `${patch.file}:${patch.line}: analysis '${patch.name}' is documented but no analysis file has that name`,
      );
  }
}
