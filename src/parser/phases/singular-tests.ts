import type { ManifestBuilder } from '../manifest-builder.js';
import { parseSingularTest } from '../parse-tests.js';

/** Phase: every SQL file of the test paths, a query selecting failing rows. */
export function addSingularTests(builder: ManifestBuilder): void {
  for (const file of builder.files('data_tests')) {
    const { node, template } = parseSingularTest(builder.context, file);
    if (node.config.enabled) builder.addNode(node, template);
  }
}
