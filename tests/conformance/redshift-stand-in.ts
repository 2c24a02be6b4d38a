/**
 * What Redshift's SQL needs that PostgreSQL, the Redshift stand-in, does not have. Both
 * Redshift methods (pg, data-api) run the conformance project on PostgreSQL without
 * these models; golden SQL tests (tests/unit/adapters) pin their Redshift SQL instead.
 */
export const UNSUPPORTED_ON_POSTGRES: Record<string, string> = {
  xdb_warehouse_functions:
    'PostgreSQL has no DATEADD/DATEDIFF with a bare date part and no LISTAGG; ' +
    'golden SQL tests cover their Redshift SQL',
};
