-- drop a leftover staging relation
DROP TABLE IF EXISTS "snapshots"."customers_snapshot__strata_tmp";
-- build the snapshot changes
CREATE TABLE "snapshots"."customers_snapshot__strata_tmp" AS (
with snapshot_query as (
select * from main.customers
),
snapshotted_data as (
  select *, id as dbt_unique_key
  from "snapshots"."customers_snapshot"
  where dbt_valid_to is null
),
insertions_source_data as (
  select *, id as dbt_unique_key,
    updated_at as dbt_updated_at,
    updated_at as dbt_valid_from,
    nullif(updated_at, updated_at) as dbt_valid_to,
    md5(CAST(coalesce(CAST(id AS VARCHAR), '') || '|' || coalesce(CAST(updated_at AS VARCHAR), '') AS VARCHAR)) as dbt_scd_id
  from snapshot_query
),
updates_source_data as (
  select *, id as dbt_unique_key,
    updated_at as dbt_updated_at,
    updated_at as dbt_valid_from,
    updated_at as dbt_valid_to
  from snapshot_query
),
insertions as (
  select 'insert' as dbt_change_type, source_data.*
  from insertions_source_data as source_data
  left outer join snapshotted_data on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
  where snapshotted_data.dbt_unique_key is null or (snapshotted_data.dbt_valid_from < source_data.dbt_updated_at)
),
updates as (
  select 'update' as dbt_change_type, source_data.*, snapshotted_data.dbt_scd_id
  from updates_source_data as source_data
  join snapshotted_data on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
  where (snapshotted_data.dbt_valid_from < source_data.dbt_updated_at)
)
select * from insertions
union all
select * from updates
);