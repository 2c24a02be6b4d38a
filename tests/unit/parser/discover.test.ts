import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/parser/discover.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

describe('discoverFiles', () => {
  it('finds files under the roots in a stable order, skipping hidden ones, and treats a missing root as empty', () => {
    const root = tempProject({
      'models/b.sql': '',
      'models/staging/a.sql': '',
      'models/.hidden.sql': '',
      'models/notes.md': '',
    });
    expect(
      discoverFiles(root, ['models', 'absent'], ['.sql']).map((file) => [file.file, file.folders, file.stem]),
    ).toEqual([
      ['models/b.sql', [], 'b'],
      ['models/staging/a.sql', ['staging'], 'a'],
    ]);
  });

  it('refuses a root that is a file, naming it and the project.yml keys to fix', () => {
    const root = tempProject({ models: 'not a folder' });
    expectStrataError(() => discoverFiles(root, ['models'], ['.sql']), {
      message: "The project folder 'models' is a file, not a folder",
      hint: /model-paths, seed-paths, test-paths or macro-paths in project\.yml/,
    });
  });
});
