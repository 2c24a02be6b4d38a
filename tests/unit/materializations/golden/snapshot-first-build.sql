-- build the snapshot table [rows]
CREATE TABLE "snapshots"."customers_snapshot" AS (
select *,
  md5(CAST(coalesce(CAST(id AS VARCHAR), '') || '|' || coalesce(CAST(updated_at AS VARCHAR), '') AS VARCHAR)) as dbt_scd_id,
  updated_at as dbt_updated_at,
  updated_at as dbt_valid_from,
  nullif(updated_at, updated_at) as dbt_valid_to
from (
select * from main.customers
) as strata_snapshot_query
);