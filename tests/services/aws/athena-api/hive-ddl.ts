/**
 * Athena sends DDL (CREATE/DROP SCHEMA, DROP TABLE, ALTER TABLE ... ADD COLUMNS) to its
 * Hive DDL engine, where identifiers take backticks and types are Hive's; queries, CTAS,
 * views and INSERT go to Trino. Trino itself parses only its own SQL, so the test host
 * rewrites this Hive subset into Trino's spelling before running it.
 */

const HIVE_DDL = /^\s*(CREATE\s+(SCHEMA|DATABASE)|DROP\s+(TABLE|SCHEMA|DATABASE)|ALTER\s+TABLE)\b/i;

/** Hive type names that Trino spells differently. */
const HIVE_TYPES: Record<string, string> = { string: 'varchar', int: 'integer', float: 'real' };

/** Whether Athena would run `sql` in its Hive DDL engine. */
export function isHiveDdl(sql: string): boolean {
  return HIVE_DDL.test(sql) && !/\bAS\s*\(?\s*(SELECT|WITH)\b/i.test(sql);
}

/** Trino's spelling of a Hive DDL statement (backticks to double quotes, ADD COLUMNS to ADD COLUMN). */
export function hiveDdlToTrino(sql: string): string {
  let out = sql.replace(/`((?:[^`]|``)*)`/g, (_m, name: string) => `"${name.replace(/``/g, '`').replace(/"/g, '""')}"`);
  out = out.replace(/^(\s*CREATE\s+)DATABASE\b/i, '$1SCHEMA').replace(/^(\s*DROP\s+)DATABASE\b/i, '$1SCHEMA');
  const addColumns = /^(\s*ALTER\s+TABLE\s+.+?)\s+ADD\s+COLUMNS\s*\(\s*("(?:[^"]|"")*"|\w+)\s+([^,]+?)\s*\)\s*$/is.exec(
    out,
  );
  if (addColumns) {
    const [, head, column, type] = addColumns;
    out = `${head} ADD COLUMN ${column} ${HIVE_TYPES[type!.toLowerCase()] ?? type}`;
  }
  return out;
}
