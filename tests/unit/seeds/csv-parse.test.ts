import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../../src/seeds/csv-parse.js';
import { decodeCsvText } from '../../../src/seeds/csv-text.js';
import { StrataError } from '../../../src/errors/strata-error.js';

/** The StrataError a call throws (fails the test when it throws nothing or something else). */
function failure(call: () => unknown): StrataError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error('expected a StrataError');
}

const plainness = (text: string) => readCsv(text, 'x.csv', ',', { onRow: () => {} }).plain;

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

  it('ignores blank lines and a missing final newline; honours another delimiter', () => {
    expect(parseCsv('a;b\n\n1;2', 'x.csv', ';')).toEqual({ header: ['a', 'b'], rows: [['1', '2']] });
    expect(parseCsv('a\tb\n1\t"x\ty"\n', 'x.csv', '\t').rows).toEqual([['1', 'x\ty']]);
  });

  it('ends records at LF, CRLF or a lone CR, and keeps a quote inside an unquoted field', () => {
    expect(parseCsv('a,b\r1,x\r2,5" screen\r', 'x.csv').rows).toEqual([
      ['1', 'x'],
      ['2', '5" screen'],
    ]);
  });

  it('keeps an empty quoted field, spaces in values, and a header-only file', () => {
    expect(parseCsv('a,b\n"",  x \n', 'x.csv').rows).toEqual([['', '  x ']]);
    expect(parseCsv('a,b\n', 'x.csv')).toEqual({ header: ['a', 'b'], rows: [] });
  });

  it('reads a one-column file whose name holds no other delimiter', () => {
    expect(parseCsv('name\nAda\n"Smith, J"\n', 'x.csv')).toEqual({ header: ['name'], rows: [['Ada'], ['Smith, J']] });
  });

  it('trims header names', () => {
    expect(parseCsv(' a , b\n1,2\n', 'x.csv').header).toEqual(['a', 'b']);
  });

  const failures: Array<[string, string, RegExp, number, RegExp]> = [
    ['an empty file', '', /The seed file is empty/, 1, /header line naming the columns/],
    ['a file of blank lines', '\n\r\n\n', /The seed file is empty/, 1, /header line/],
    ['a duplicate column', 'a,b,a\n1,2,3\n', /two columns "a" \(columns 1 and 3/, 1, /its own name/],
    [
      'a duplicate column in another case',
      'id,ID\n1,2\n',
      /two columns "ID" \(columns 1 and 2; names are compared ignoring case\)/,
      1,
      /its own name/,
    ],
    ['an empty column name', 'a,,c\n', /Column 2 of the header has no name/, 1, /Name every column/],
    [
      'a trailing delimiter in the header',
      'a,b,\n1,2,\n',
      /Column 3 of the header has no name/,
      1,
      /trailing "," adds an unnamed column/,
    ],
    [
      'a row with an extra field',
      'a,b\n1,x\n2,y\n3,z,extra\n',
      /This row has 3 fields, the header has 2/,
      4,
      /Quote a value that contains ","/,
    ],
    [
      'a short row after a multi-line field',
      'a,b\n1,"multi\nline"\n2\n',
      /This row has 1 field, the header has 2/,
      4,
      /Add the missing fields/,
    ],
    [
      'an unterminated quote',
      'a,b\n1,"open\n2,3\n',
      /A quoted field opened on this line is never closed/,
      2,
      /Close the quote/,
    ],
    [
      'a file separated by ";" read with ","',
      'id;name\n1;a\n',
      /one column named "id;name": the file seems to separate fields with ";", not ","/,
      1,
      /delimiter config to ";"/,
    ],
    [
      'text after a closing quote',
      'a,b\n1,"5" inches\n',
      /Text follows the closing quote/,
      2,
      /write each quote inside it twice/,
    ],
  ];
  it.each(failures)('names the file, the line and the fix for %s', (_, text, message, line, hint) => {
    const error = failure(() => parseCsv(text, 'seeds/bad.csv'));
    expect(error.message).toMatch(message);
    expect(error.location).toEqual({ file: 'seeds/bad.csv', line });
    expect(error.hint).toMatch(hint);
  });

  it('counts lines inside quoted fields, whatever their line ends', () => {
    const error = failure(() => parseCsv('a,b\r\n1,"x\r\ny\rz"\r\n2\r\n', 'seeds/bad.csv'));
    expect(error.location).toEqual({ file: 'seeds/bad.csv', line: 5 });
  });

  it('refuses a delimiter that is not one character', () => {
    const error = failure(() => parseCsv('a||b\n', 'seeds/bad.csv', '||'));
    expect(error.message).toMatch(/delimiter "\|\|" is not one character/);
    expect(error.location).toEqual({ file: 'seeds/bad.csv' });
  });
});

describe('readCsv: is the text plain enough to bulk-load as it is?', () => {
  it.each([
    ['LF lines', 'a,b\n1,x\n2,"y, z"\n'],
    ['CRLF lines', 'a,b\r\n1,x\r\n2,"y\nz"\r\n'],
    ['no final line end', 'a,b\n1,x'],
  ])('yes, with %s', (_, text) => expect(plainness(text)).toBe(true));

  it.each([
    ['a blank line', 'a,b\n1,x\n\n2,y\n'],
    ['mixed line ends', 'a,b\n1,x\r\n2,y\n'],
    ['a quote inside an unquoted field', 'a,b\n1,5" screen\n'],
    ['a space before a quoted field', 'a,b\n1, "q"\n'],
  ])('no, with %s', (_, text) => expect(plainness(text)).toBe(false));

  const blankLinesAside = (text: string) => readCsv(text, 'x.csv', ',', {}).plainButBlankLines;

  it.each([
    ['blank lines between records', 'a,b\n\n1,x\n\n\n2,y\n\n'],
    ['blank CRLF lines between CRLF records', 'a,b\r\n1,x\r\n\r\n2,y\r\n'],
  ])('plain but for blank lines, with %s', (_, text) => {
    expect(plainness(text)).toBe(false);
    expect(blankLinesAside(text)).toBe(true);
  });

  it.each([
    ['a blank line before the header', '\na,b\n1,x\n'],
    ['a line holding only ""', 'a,b\n1,x\n""\n2,y\n'],
    ['blank lines and mixed line ends', 'a,b\n1,x\r\n\n2,y\n'],
    ['blank lines and a quote inside an unquoted field', 'a,b\n\n1,5" screen\n'],
  ])('not plain even without blank lines, with %s', (_, text) => expect(blankLinesAside(text)).toBe(false));
});

describe('decodeCsvText', () => {
  it('drops a UTF-8 BOM and keeps every other character', () => {
    expect(decodeCsvText(Buffer.from('\uFEFFa,b\nZoë,\uFFFD\n'), 'x.csv')).toBe('a,b\nZoë,\uFFFD\n');
  });

  it('names the line of the first byte that is not UTF-8', () => {
    const latin1 = Buffer.concat([Buffer.from('id,name\n1,Zo'), Buffer.from([0xeb]), Buffer.from('\n2,x\n')]);
    const error = failure(() => decodeCsvText(latin1, 'seeds/people.csv'));
    expect(error.message).toMatch(/not valid UTF-8 \(byte 0xEB on this line\)/);
    expect(error.location).toEqual({ file: 'seeds/people.csv', line: 2 });
    expect(error.hint).toMatch(/Save the file as UTF-8/);
  });

  it('refuses UTF-16 and NUL bytes', () => {
    const utf16 = Buffer.from('\uFEFFa,b\n', 'utf16le');
    expect(failure(() => decodeCsvText(utf16, 'seeds/w.csv')).message).toMatch(/UTF-16/);
    const nul = failure(() => decodeCsvText(Buffer.from('a,b\n1,2\n3,\0\n'), 'seeds/n.csv'));
    expect(nul.message).toMatch(/NUL byte/);
    expect(nul.location).toEqual({ file: 'seeds/n.csv', line: 3 });
  });
});
