/**
 * What Snowflake's SQL needs that the Snowflake stand-in (fakesnow, which translates
 * Snowflake SQL to DuckDB) cannot translate. The Snowflake conformance suite runs without
 * these models; golden SQL tests (tests/unit/templating) pin their Snowflake SQL instead.
 */
export const UNSUPPORTED_ON_FAKESNOW: Record<string, string> = {
  xdb_dbt_listagg_limit:
    'fakesnow cannot translate ARRAY_SLICE over ARRAY_AGG ... WITHIN GROUP (listagg with limit_num); ' +
    'golden SQL tests cover their Snowflake SQL',
  granted_customers:
    'fakesnow has no GRANT, REVOKE or SHOW GRANTS (grants); ' +
    'golden SQL tests (tests/unit/grants) cover their Snowflake SQL',
};
