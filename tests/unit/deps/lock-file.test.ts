import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagesHash, pythonJson, readLockFile, writeLockFile } from '../../../src/deps/lock-file.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const ENTRIES = [
  { package: 'dbt-labs/dbt_utils', version: ['>=1.0.0', '<2.0.0'] },
  { git: 'https://github.com/org/ré.git', revision: 'v1', 'warn-unpinned': false },
  { local: '../x' },
];

describe('package-lock.yml', () => {
  it("spells entries as Python's json.dumps(sort_keys=True) does", () => {
    expect(pythonJson(ENTRIES[1])).toBe(
      '{"git": "https://github.com/org/r\\u00e9.git", "revision": "v1", "warn-unpinned": false}',
    );
    expect(pythonJson(ENTRIES[0])).toBe('{"package": "dbt-labs/dbt_utils", "version": [">=1.0.0", "<2.0.0"]}');
  });

  it("hashes the packages as dbt does (the value dbt-core's hashing gives for the same entries)", () => {
    // computed with Python: sha1("\n".join(sorted(json.dumps(e, sort_keys=True) for e in entries)))
    expect(packagesHash(ENTRIES)).toBe('d317063a10ed94b91e1349b193573119f8be564c');
    expect(packagesHash([...ENTRIES].reverse())).toBe(packagesHash(ENTRIES));
  });

  it("writes dbt's shape and reads it back as pinned specs", () => {
    const root = tempProject();
    const entries = [
      { package: 'dbt-labs/dbt_utils', name: 'dbt_utils', version: '1.1.1' },
      { git: 'https://example.com/r.git', name: 'r', revision: 'abc123', subdirectory: 'pkg' },
    ];
    writeLockFile(root, entries, 'f00');
    const text = fs.readFileSync(path.join(root, 'package-lock.yml'), 'utf8');
    expect(text).toBe(
      [
        'packages:',
        '  - name: dbt_utils',
        '    package: dbt-labs/dbt_utils',
        '    version: 1.1.1',
        '  - git: https://example.com/r.git',
        '    name: r',
        '    revision: abc123',
        '    subdirectory: pkg',
        'sha1_hash: f00',
        '',
      ].join('\n'),
    );
    const lock = readLockFile(root)!;
    expect(lock.sha1Hash).toBe('f00');
    expect(lock.specs).toMatchObject([
      { kind: 'hub', name: 'dbt-labs/dbt_utils', versions: ['1.1.1'] },
      { kind: 'git', url: 'https://example.com/r.git', revision: 'abc123', subdirectory: 'pkg' },
    ]);
  });

  it('renders env_var in the lock, and reports a bad entry at its line', () => {
    const root = tempProject({
      'package-lock.yml': 'packages:\n  - git: "{{ env_var(\'DBT_ENV_SECRET_URL\') }}"\n    revision: abc\n',
    });
    const lock = readLockFile(root, { DBT_ENV_SECRET_URL: 'https://token@example.com/r.git' })!;
    expect(lock.specs[0]).toMatchObject({ kind: 'git', url: 'https://token@example.com/r.git' });
    const bad = tempProject({ 'package-lock.yml': 'packages:\n  - packge: a/b\n    version: 1.0.0\n' });
    expectStrataError(() => readLockFile(bad), { file: 'package-lock.yml', line: 2, message: /packge/ });
    expect(readLockFile(tempProject())).toBeUndefined();
  });
});
