/**
 * What Redshift's SQL needs that PostgreSQL, the Redshift stand-in, does not have. Both
 * Redshift methods (pg, data-api) run the conformance project on PostgreSQL without
 * these models; golden SQL tests (tests/unit/adapters, tests/unit/templating) pin their
 * Redshift SQL instead.
 */
const DATE_FUNCTIONS = 'PostgreSQL has no DATEADD/DATEDIFF with a bare date part';

export const UNSUPPORTED_ON_POSTGRES: Record<string, string> = {
  xdb_warehouse_functions: `${DATE_FUNCTIONS} and no LISTAGG; golden SQL tests cover their Redshift SQL`,
  xdb_dbt_dates: `${DATE_FUNCTIONS} (dateadd, datediff, last_day); golden SQL tests cover their Redshift SQL`,
  xdb_dbt_date_spine: `${DATE_FUNCTIONS} (date_spine adds days with DATEADD); golden SQL tests cover it`,
  xdb_dbt_listagg: 'PostgreSQL has no LISTAGG (listagg); golden SQL tests cover their Redshift SQL',
  xdb_dbt_listagg_limit:
    'PostgreSQL has no LISTAGG or REGEXP_SUBSTR (listagg with limit_num); golden SQL tests cover their Redshift SQL',
  xdb_dbt_arrays:
    "PostgreSQL's ARRAY[...] is not Redshift's SUPER array(...), array_concat (array macros); " +
    'golden SQL tests cover their Redshift SQL',
};
