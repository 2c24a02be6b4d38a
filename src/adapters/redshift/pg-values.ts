import type { CustomTypesConfig } from 'pg';

/** PostgreSQL type OIDs that Redshift shares, and their names. */
const TYPE_NAMES: Record<number, string> = {
  16: 'boolean',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  700: 'real',
  701: 'double precision',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1083: 'time without time zone',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1700: 'numeric',
};

/** The name of a result column's type, from its OID. */
export function pgTypeName(oid: number): string {
  return TYPE_NAMES[oid] ?? `oid ${oid}`;
}

// Values come back as every connection returns them (see QueryResult): bigint as bigint,
// numeric as number, date and timestamp as Date in UTC (a timestamp without time zone is
// not shifted by the machine's zone).
const PARSERS: Record<number, (text: string) => unknown> = {
  20: (text) => BigInt(text),
  1700: (text) => Number(text),
  1082: (text) => utcDate(`${text}T00:00:00Z`, text),
  1114: (text) => utcDate(`${text.replace(' ', 'T')}Z`, text),
};

// 'infinity' and BC dates have no Date: they stay text.
function utcDate(iso: string, text: string): Date | string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? text : date;
}

/**
 * Type parsers for a `pg` client: the ones above, the driver's own for the rest.
 * `fallback` is `pg.types.getTypeParser`, passed in so this module needs no runtime `pg`.
 */
export function redshiftTypeParsers(fallback: CustomTypesConfig['getTypeParser']): CustomTypesConfig {
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
    const parser = format === 'binary' ? undefined : PARSERS[oid];
    return parser ?? fallback(oid, format);
  }) as CustomTypesConfig['getTypeParser'];
  return { getTypeParser };
}
