/**
 * A data test's `where` config narrows the rows tested: the tested relation becomes a
 * subquery, exactly like dbt's `get_where_subquery`.
 */

/** Alias of the where-subquery, kept stable so compiled SQL diffs stay quiet. */
export const WHERE_SUBQUERY_ALIAS = 'strata_subquery';

/** `(select * from <target> where <where>) strata_subquery`, or `target` when there is no filter. */
export function applyWhere(target: string, where: string | undefined): string {
  const filter = where?.trim();
  if (!filter) return target;
  return `(select * from ${target} where ${filter}) ${WHERE_SUBQUERY_ALIAS}`;
}
