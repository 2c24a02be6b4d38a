import { StrataError } from '../../errors/strata-error.js';

/** Distribution styles Redshift names; any other `dist` value is a distribution key column. */
const DIST_STYLES = ['all', 'even', 'auto'];
const SORT_TYPES = ['compound', 'interleaved'];

/**
 * The table attributes of a Redshift CREATE TABLE AS, from a model's config:
 * `dist` (`all`, `even`, `auto` or a column), `sort` (a column or a list, or `auto`),
 * `sort_type` (`compound`, the default, or `interleaved`) and `backup` (false: BACKUP NO).
 * Returns the clauses in the order Redshift requires them, one per line.
 */
export function tableAttributes(
  config: Record<string, unknown>,
  quoteIdentifier: (identifier: string) => string,
): string[] {
  const clauses: string[] = [];
  if (config['backup'] === false) clauses.push('BACKUP NO');
  const dist = config['dist'];
  if (dist !== undefined && dist !== null) {
    const value = settingString(dist, 'dist');
    clauses.push(
      DIST_STYLES.includes(value.toLowerCase())
        ? `DISTSTYLE ${value.toUpperCase()}`
        : `DISTSTYLE KEY DISTKEY (${quoteIdentifier(value)})`,
    );
  }
  const sort = config['sort'];
  if (sort !== undefined && sort !== null) {
    const columns = (Array.isArray(sort) ? sort : [sort]).map((c) => settingString(c, 'sort'));
    if (columns.length === 1 && columns[0]?.toLowerCase() === 'auto') {
      clauses.push('SORTKEY AUTO');
    } else if (columns.length > 0) {
      clauses.push(`${sortType(config['sort_type'])} SORTKEY (${columns.map(quoteIdentifier).join(', ')})`);
    }
  }
  return clauses;
}

function sortType(value: unknown): string {
  if (value === undefined || value === null) return 'COMPOUND';
  const type = settingString(value, 'sort_type').toLowerCase();
  if (!SORT_TYPES.includes(type)) {
    throw new StrataError(`Redshift sort_type must be compound or interleaved, got '${type}'.`, {
      hint: 'Set sort_type: compound (the default) or sort_type: interleaved in the model config.',
    });
  }
  return type.toUpperCase();
}

function settingString(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new StrataError(
    `Redshift ${name} must be a column name${name === 'sort' ? ' or a list of them' : ''}, ` +
      `got ${JSON.stringify(value)}.`,
    {
      hint:
        name === 'dist'
          ? 'Use dist: all, even, auto, or the name of the distribution key column.'
          : 'Use sort: a column, a list of columns, or auto.',
    },
  );
}
