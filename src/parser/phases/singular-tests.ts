import type { ManifestBuilder } from '../manifest-builder.js';
import { FIXTURE_FOLDER, GENERIC_TEST_FOLDER } from '../project-files.js';
import { parseSingularTest } from '../parse-tests.js';

/**
 * Phase: every SQL file of the test paths, a query selecting failing rows; the files of the
 * `generic` folder define generic tests instead (read with the macros); `fixtures` holds unit test rows.
 */
export function addSingularTests(builder: ManifestBuilder): void {
  for (const file of builder.files('data_tests')) {
    // `fixtures` holds the rows of unit tests (SQL fixtures too), not tests
    if (file.folders[0] === GENERIC_TEST_FOLDER || file.folders[0] === FIXTURE_FOLDER) continue;
    const { node, template } = parseSingularTest(builder.context, file);
    if (node.config.enabled) builder.addNode(node, template);
  }
}
