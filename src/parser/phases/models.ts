import type { ManifestBuilder } from '../manifest-builder.js';
import { parseModel } from '../parse-models.js';

/** Phase: every model file, rendered once in parse mode to learn its refs, sources and config(). */
export function addModels(builder: ManifestBuilder): void {
  for (const file of builder.files('models')) {
    const patch = builder.patches.model.get(file.stem);
    const { node, template } = parseModel(builder.context, file, patch);
    if (node.config.enabled) builder.addNode(node, template);
    else builder.addDisabled(node, patch);
  }
}
