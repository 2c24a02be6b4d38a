import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/materializations/csv-parse.js';
import { StrataError } from '../../../src/errors/strata-error.js';

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and newlines', () => {
    const text = 'id,name,note\r\n1,"Smith, J","said ""hi"""\r\n2,"two\nlines",\r\n';
    expect(parseCsv(text, 'seeds/p.csv')).toEqual({
      header: ['id', 'name', 'note'],
      rows: [
        ['1', 'Smith, J', 'said "hi"'],
        ['2', 'two\nlines', ''],
      ],
    });
  });

  it('ignores a BOM, blank lines and a missing final newline; honours another delimiter', () => {
    expect(parseCsv('\uFEFFa;b\n\n1;2', 'x.csv', ';')).toEqual({ header: ['a', 'b'], rows: [['1', '2']] });
  });

  it('keeps an empty quoted field and a header-only file', () => {
    expect(parseCsv('a,b\n"",x\n', 'x.csv').rows).toEqual([['', 'x']]);
    expect(parseCsv('a,b\n', 'x.csv')).toEqual({ header: ['a', 'b'], rows: [] });
  });

  const failures: Array<[string, string, RegExp, number]> = [
    ['an empty file', '', /no header row/, 1],
    ['a duplicate column', 'a,a\n1,2\n', /duplicate \(a\)/, 1],
    ['an empty column name', 'a,,c\n', /an empty column name/, 1],
    ['a short row', 'a,b\n1,2\n"multi\nline"\n', /Row has 1 fields, the header has 2/, 3],
    ['an unterminated quote', 'a,b\n1,"open\n2,3\n', /Unterminated quoted field/, 2],
  ];
  it.each(failures)('names the file and line for %s', (_, text, message, line) => {
    const error = (() => {
      try {
        parseCsv(text, 'seeds/bad.csv');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).message).toMatch(message);
    expect((error as StrataError).location).toEqual({ file: 'seeds/bad.csv', line });
  });
});
