import type { ManifestBuilder } from '../manifest-builder.js';
import { GENERIC_TEST_FOLDER } from '../project-files.js';
import { parseSingularTest } from '../parse-tests.js';

/**
 * Phase: every SQL file of the test paths, a query selecting failing rows; the files of the
 * `generic` folder define generic tests instead (read with the macros).
 */
export function addSingularTests(builder: ManifestBuilder): void {
  for (const file of builder.files('data_tests')) {
    if (file.folders[0] === GENERIC_TEST_FOLDER) continue;
    const { node, template } = parseSingularTest(builder.context, file);
    if (node.config.enabled) builder.addNode(node, template);
  }
}
