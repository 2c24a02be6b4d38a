import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalCsvRecord, writeCanonicalCopy, type CanonicalCsvFile } from '../../../src/seeds/canonical-csv.js';
import { parseCsv } from '../../../src/seeds/csv-parse.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { tempDir } from '../../support/temp-dir.js';

describe('canonical CSV', () => {
  let copy: CanonicalCsvFile | undefined;
  afterEach(async () => {
    await copy?.remove();
    copy = undefined;
  });

  it('quotes every non-empty field, doubles its quotes, and leaves an empty field bare', () => {
    expect(canonicalCsvRecord(['1', '', 'say "hi"', 'a,b\nc', ' '])).toBe('"1",,"say ""hi""","a,b\nc"," "\n');
  });

  it('copies the rows the strict reader reads, whatever the original looks like, and removes the copy', async () => {
    const original = '\uFEFFid;label\r\n1;5" screen\n\n2; "q"\r3;"two\r\nlines"\n';
    const csv = join(tempDir('strata-canonical-'), 'odd.csv');
    writeFileSync(csv, original);
    copy = await writeCanonicalCopy({ csvPath: csv, displayPath: 'seeds/odd.csv', delimiter: ';' });
    const rows = parseCsv(`id,label\n${readFileSync(copy.path, 'utf8')}`, 'copy.csv').rows;
    expect(rows).toEqual(parseCsv(original.slice(1), 'seeds/odd.csv', ';').rows);
    const folder = dirname(copy.path);
    await copy.remove();
    expect(existsSync(folder)).toBe(false);
  });

  it('leaves no copy behind when the original is bad', async () => {
    const csv = join(tempDir('strata-canonical-'), 'bad.csv');
    writeFileSync(csv, 'a,b\n1,2,3\n');
    const privateTmp = tempDir('strata-canonical-tmp-');
    const tmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = privateTmp; // os.tmpdir() reads it on each call
    try {
      await expect(
        writeCanonicalCopy({ csvPath: csv, displayPath: 'seeds/bad.csv', delimiter: ',' }),
      ).rejects.toBeInstanceOf(StrataError);
    } finally {
      if (tmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = tmp;
    }
    expect(readdirSync(privateTmp)).toEqual([]);
  });
});
