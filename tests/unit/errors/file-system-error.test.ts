import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSystemError } from '../../../src/errors/file-system-error.js';
import { asUserError } from '../../../src/errors/user-error.js';
import { DatabaseError } from '../../../src/adapters/database-error.js';
import { tempDir } from '../../support/temp-dir.js';

/** The error a real file-system call throws. */
function failureOf(call: () => void): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('the call was expected to fail');
}

describe('fileSystemError: a failed file operation as a user error naming the path and the fix', () => {
  it('a folder where a file is written (EISDIR)', () => {
    const dir = tempDir('strata-fs-error-');
    mkdirSync(join(dir, 'manifest.json'));
    const error = fileSystemError(failureOf(() => writeFileSync(join(dir, 'manifest.json'), '{}')))!;
    expect(error.message).toBe(
      `Cannot open ${join(dir, 'manifest.json')}: a folder is where a file should be (EISDIR)`,
    );
    expect(error.hint).toBe(`Remove or rename the folder ${join(dir, 'manifest.json')}: strata writes a file there.`);
  });

  it('a file where a folder is needed names that file, not the deeper path (ENOTDIR)', () => {
    const dir = tempDir('strata-fs-error-');
    writeFileSync(join(dir, 'target'), 'a file');
    const error = fileSystemError(
      failureOf(() => mkdirSync(join(dir, 'target/compiled/p'), { recursive: true })),
      { action: 'create the folder' },
    )!;
    expect(error.message).toMatch(
      new RegExp(
        `^Cannot create the folder ${join(dir, 'target')}.*: ` +
          'a file is where a folder should be \\((ENOTDIR|EEXIST)\\)$',
      ),
    );
    expect(error.hint).toBe(`Remove or rename the file ${join(dir, 'target')}: strata needs a folder there.`);
  });

  it('names the path given in place of a temporary one', () => {
    const dir = tempDir('strata-fs-error-');
    mkdirSync(join(dir, 'x.tmp'));
    const error = fileSystemError(
      failureOf(() => writeFileSync(join(dir, 'x.tmp'), '')),
      { path: join(dir, 'x.json'), action: 'write' },
    )!;
    expect(error.message).toBe(`Cannot write ${join(dir, 'x.json')}: a folder is where a file should be (EISDIR)`);
  });

  it('leaves other errors alone: they are bugs, or not about files', () => {
    expect(fileSystemError(new Error('boom'))).toBeUndefined();
    expect(fileSystemError(failureOf(() => JSON.parse('{')))).toBeUndefined();
    expect(asUserError(new TypeError('x is undefined'))).toBeUndefined();
  });

  it("asUserError: a warehouse error outside a node is the user's to see", () => {
    expect(asUserError(new DatabaseError('athena', 'Athena GetTables failed: AccessDenied', 'select 1'))?.message).toBe(
      'Warehouse error (athena): Athena GetTables failed: AccessDenied',
    );
  });
});
