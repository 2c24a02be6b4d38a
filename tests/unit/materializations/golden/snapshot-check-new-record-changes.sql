with snapshot_query as (
select * from main.customers
),
snapshotted_data as (
  select *, region as dbt_unique_key_1, id as dbt_unique_key_2
  from "snapshots"."customers_snapshot"
  where (valid_to = cast('9999-12-31' as timestamp) or valid_to is null)
),
insertions_source_data as (
  select *, region as dbt_unique_key_1, id as dbt_unique_key_2,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as dbt_updated_at,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as valid_from,
    coalesce(nullif(CAST(CURRENT_TIMESTAMP AS TIMESTAMP), CAST(CURRENT_TIMESTAMP AS TIMESTAMP)), cast('9999-12-31' as timestamp)) as valid_to,
    md5(CAST(coalesce(CAST(region AS VARCHAR), '') || '|' || coalesce(CAST(id AS VARCHAR), '') || '|' || coalesce(CAST(CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS VARCHAR), '') AS VARCHAR)) as dbt_scd_id
  from snapshot_query
),
updates_source_data as (
  select *, region as dbt_unique_key_1, id as dbt_unique_key_2,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as dbt_updated_at,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as valid_from,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as valid_to
  from snapshot_query
),
deletes_source_data as (
  select *, region as dbt_unique_key_1, id as dbt_unique_key_2
  from snapshot_query
),
insertions as (
  select 'insert' as dbt_change_type, source_data.*, 'False' as dbt_is_deleted
  from insertions_source_data as source_data
  left outer join snapshotted_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where snapshotted_data.dbt_unique_key_1 is null or (snapshotted_data.tier != source_data.tier or (snapshotted_data.tier is null) != (source_data.tier is null) or snapshotted_data.dbt_is_deleted = 'True')
),
updates as (
  select 'update' as dbt_change_type, source_data.*, snapshotted_data.dbt_scd_id, snapshotted_data.dbt_is_deleted
  from updates_source_data as source_data
  join snapshotted_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where (snapshotted_data.tier != source_data.tier or (snapshotted_data.tier is null) != (source_data.tier is null) or snapshotted_data.dbt_is_deleted = 'True')
),
deletes as (
  select 'delete' as dbt_change_type, source_data.*,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as dbt_updated_at,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as valid_from,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as valid_to,
    snapshotted_data.dbt_scd_id, snapshotted_data.dbt_is_deleted
  from snapshotted_data
  left join deletes_source_data as source_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where source_data.dbt_unique_key_1 is null and not (snapshotted_data.dbt_is_deleted = 'True' and (snapshotted_data.valid_to = cast('9999-12-31' as timestamp) or snapshotted_data.valid_to is null))
),
deletion_records as (
  select 'insert' as dbt_change_type, snapshotted_data.region, snapshotted_data.id, snapshotted_data.tier, null as plan, snapshotted_data.dbt_unique_key_1, snapshotted_data.dbt_unique_key_2,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as dbt_updated_at,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP) as valid_from,
    snapshotted_data.valid_to as valid_to,
    md5(CAST(coalesce(CAST(snapshotted_data.dbt_scd_id AS VARCHAR), '') || '|' || coalesce(CAST(CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS VARCHAR), '') AS VARCHAR)) as dbt_scd_id,
    'True' as dbt_is_deleted
  from snapshotted_data
  left join deletes_source_data as source_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where source_data.dbt_unique_key_1 is null and not (snapshotted_data.dbt_is_deleted = 'True' and (snapshotted_data.valid_to = cast('9999-12-31' as timestamp) or snapshotted_data.valid_to is null))
)
select * from insertions
union all
select * from updates
union all
select * from deletes
union all
select * from deletion_records