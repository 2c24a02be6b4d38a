import type { ManifestBuilder } from '../manifest-builder.js';
import { parseSeed } from '../parse-seeds.js';

/** Phase: every seed CSV file (read for its checksum; loading its rows is the seed command's work). */
export function addSeeds(builder: ManifestBuilder): void {
  for (const file of builder.files('seeds')) {
    const patch = builder.patches.seed.get(file.stem);
    const node = parseSeed(builder.context, file, patch);
    if (node.config.enabled) builder.addNode(node);
    else builder.addDisabled(node, patch);
  }
}
