import { linkManifest } from '../link.js';
import type { ManifestBuilder } from '../manifest-builder.js';

/** Phase: resolve every ref() and source() to a node, once all nodes are known: the manifest's edges. */
export function linkNodes(builder: ManifestBuilder): void {
  const pythonModels = new Map(builder.files('python_models').map((file) => [file.stem, file.file]));
  linkManifest(builder.manifest, builder.context.project.rootDir, builder.disabled, pythonModels);
}
