/**
 * The rows of a unit test's input or expectation, from what the YAML wrote: a list of maps
 * as is, CSV text into maps of strings (dbt's csv format: every value text, the header
 * names the columns), SQL text kept as the query it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverFiles } from '../parser/discover.js';
import type { RowsDeclaration } from '../parser/schema-unit-tests.js';
import { FIXTURE_FOLDER } from '../parser/project-files.js';
import { StrataError } from '../errors/strata-error.js';
import { readCsv } from '../seeds/csv-parse.js';
import type { FixtureRows } from './unit-test-node.js';

/** Where fixture files are looked for: the project and its test paths. */
export interface FixtureSearch {
  rootDir: string;
  testPaths: string[];
  /** the YAML file naming the fixture, for errors */
  file: string;
}

/** The rows `declared` holds, reading its fixture file when it names one. */
export function fixtureRows(declared: RowsDeclaration, search: FixtureSearch): FixtureRows {
  if (declared.fixture !== undefined) {
    const path = findFixture(declared.fixture, declared.format === 'sql' ? '.sql' : '.csv', declared.line, search);
    const text = readFileSync(join(search.rootDir, path), 'utf8');
    return declared.format === 'sql' ? { format: 'sql', sql: text } : { format: 'csv', rows: csvRows(text, path) };
  }
  if (declared.format === 'sql') return { format: 'sql', sql: String(declared.rows) };
  if (declared.format === 'csv') {
    const text = String(declared.rows ?? '');
    return { format: 'csv', rows: text.trim() === '' ? [] : csvRows(text, `${search.file}:${declared.line}`) };
  }
  return { format: 'dict', rows: (declared.rows ?? []) as Array<Record<string, unknown>> };
}

/** CSV text as maps of header name to text; an empty field is null, as dbt reads it. */
export function csvRows(text: string, file: string): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  let header: string[] = [];
  readCsv(text.replace(/^\s+/, ''), file, ',', {
    onHeader: (names) => (header = names),
    onRow: (fields) =>
      rows.push(Object.fromEntries(header.map((name, i) => [name, fields[i] === '' ? null : fields[i]]))),
  });
  return rows;
}

/** `<test path>/fixtures/**\/<name><extension>`, project-relative; none or two is an error at `line`. */
function findFixture(name: string, extension: string, line: number, search: FixtureSearch): string {
  const folders = search.testPaths.map((path) => `${path}/${FIXTURE_FOLDER}`);
  const found = discoverFiles(search.rootDir, folders, [extension]).filter((file) => file.stem === name);
  if (found.length === 1) return found[0]!.file;
  if (found.length === 0) {
    throw new StrataError(`Fixture "${name}" not found: no ${name}${extension} under ${folders.join(', ')}`, {
      location: { file: search.file, line },
      hint: `Create ${folders[0]}/${name}${extension}, or fix the name after "fixture:".`,
    });
  }
  throw new StrataError(`Fixture "${name}" is ambiguous: ${found.map((file) => file.file).join(' and ')}`, {
    location: { file: search.file, line },
    hint: 'Rename one of the files: a fixture name must be unique across the fixture folders.',
  });
}
