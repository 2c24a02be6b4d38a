import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlFileWriter } from '../../../src/artifacts/sql-file-writer.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { tempDir } from '../../support/temp-dir.js';

describe('SqlFileWriter', () => {
  it('writes every queued file, creating folders, by the time flush resolves', async () => {
    const dir = tempDir('strata-sql-writer-');
    const writer = new SqlFileWriter();
    for (let i = 0; i < 200; i++) writer.write(join(dir, `m${i % 7}`, `f${i}.sql`), `select ${i}\n`);
    await writer.flush();
    for (let i = 0; i < 200; i++)
      expect(readFileSync(join(dir, `m${i % 7}`, `f${i}.sql`), 'utf8')).toBe(`select ${i}\n`);
  });

  it('leaves an unchanged file alone and rewrites a changed one', async () => {
    const dir = tempDir('strata-sql-writer-');
    mkdirSync(join(dir, 'models'));
    const same = join(dir, 'models/same.sql');
    const changed = join(dir, 'models/changed.sql');
    writeFileSync(same, 'select 1\n');
    writeFileSync(changed, 'select 1\n');
    // whole seconds: every file system stores them exactly
    const past = new Date((Math.floor(Date.now() / 1000) - 3600) * 1000);
    utimesSync(same, past, past);
    const writer = new SqlFileWriter();
    writer.write(same, 'select 1\n');
    writer.write(changed, 'select 2\n');
    await writer.flush();
    expect(statSync(same).mtimeMs).toBe(past.getTime());
    expect(readFileSync(changed, 'utf8')).toBe('select 2\n');
  });

  it('keeps the last text queued for a path', async () => {
    const dir = tempDir('strata-sql-writer-');
    const writer = new SqlFileWriter();
    for (let i = 0; i < 5; i++) writer.write(join(dir, 'x.sql'), `select ${i}\n`);
    await writer.flush();
    expect(readFileSync(join(dir, 'x.sql'), 'utf8')).toBe('select 4\n');
  });

  it('writes the others and reports a failure by its path when flushed', async () => {
    const dir = tempDir('strata-sql-writer-');
    mkdirSync(join(dir, 'models/blocked.sql'), { recursive: true });
    const writer = new SqlFileWriter();
    writer.write(join(dir, 'models/blocked.sql'), 'select 1\n');
    writer.write(join(dir, 'models/fine.sql'), 'select 2\n');
    const failure = await writer.flush().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StrataError);
    expect((failure as StrataError).message).toContain(join(dir, 'models/blocked.sql'));
    expect(readFileSync(join(dir, 'models/fine.sql'), 'utf8')).toBe('select 2\n');
  });
});
