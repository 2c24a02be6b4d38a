/**
 * A topic's JSON Schema, read from its file and compiled with Ajv. Draft 2020-12 when the
 * schema says so in `$schema`, draft-07 otherwise. A few common formats are checked with
 * small, strict rules rather than skipped, so a schema never silently means less.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { StrataError, formatLocation, type SourceLocation } from '../../src/errors/strata-error.js';
import { parseIsoTimestamp } from '../records/event-time.js';

const FORMATS: NonNullable<Options['formats']> = {
  'date-time': { type: 'string', validate: (text: string) => parseIsoTimestamp(text, 'UTC', true) !== undefined },
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
};

// Strict, except for `required` names defined elsewhere (if/then) and `["string", "null"]` types.
const OPTIONS: Options = {
  allErrors: false,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  formats: FORMATS,
};

/**
 * Read and compile the schema at `absPath`; `file` names it in messages. A file that
 * cannot be read, is not JSON, or is not a valid schema is a StrataError.
 */
export function compileTopicSchema(absPath: string, file: string, namedAt?: SourceLocation): ValidateFunction {
  const named = namedAt ? `The schema is named at ${formatLocation(namedAt)}.` : '';
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (cause) {
    throw new StrataError(
      `Cannot read the JSON Schema ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      {
        location: { file },
        hint: `${named} Schema paths in the ingest config are relative to the config file.`.trim(),
        cause,
      },
    );
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (cause) {
    throw new StrataError(`The JSON Schema is not valid JSON: ${(cause as Error).message}`, {
      location: { file, line: lineOfJsonError(text, cause as Error) },
      ...(named ? { hint: named } : {}),
      cause,
    });
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new StrataError('The file must hold a JSON Schema object', {
      location: { file },
      ...(named ? { hint: named } : {}),
    });
  }
  try {
    return compileJsonSchema(schema);
  } catch (cause) {
    throw new StrataError(`Not a valid JSON Schema: ${(cause as Error).message}`, {
      location: { file },
      hint: `${named} Ajv compiles schemas strictly: unknown keywords and formats are errors.`.trim(),
      cause,
    });
  }
}

/**
 * Compiles a parsed JSON Schema: draft 2020-12 when `$schema` says so, draft-07 otherwise.
 * `lenient` ignores keywords and formats Ajv does not know (schemas from a registry, written
 * by producers' serializers); throws when the schema is invalid.
 */
export function compileJsonSchema(schema: object, lenient = false): ValidateFunction {
  const settings = lenient ? { ...OPTIONS, strict: false } : OPTIONS;
  const declared = (schema as { $schema?: unknown }).$schema;
  const ajv = typeof declared === 'string' && declared.includes('2020-12') ? new Ajv2020(settings) : new Ajv(settings);
  return ajv.compile(schema);
}

/** The first schema error of the last validation, as `path: message`, for rejections. */
export function describeSchemaError(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  if (!error) return 'failed the schema';
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  return `${where} ${error.message ?? 'is invalid'}`.slice(0, 300);
}

/** 1-based line of a JSON.parse error, from the position V8 reports. */
function lineOfJsonError(text: string, error: Error): number | undefined {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return undefined;
  return text.slice(0, Number(match[1])).split('\n').length;
}
