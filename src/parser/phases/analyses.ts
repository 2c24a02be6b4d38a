import type { ManifestBuilder } from '../manifest-builder.js';
import { parseAnalysis } from '../parse-analyses.js';

/** Phase: every SQL file of the analysis paths, compiled by `compile` and never run. */
export function addAnalyses(builder: ManifestBuilder): void {
  for (const file of builder.files('analyses')) {
    const { node, template } = parseAnalysis(builder.context, file);
    if (node.config.enabled) builder.addNode(node, template);
  }
}
