with strata_changes as (
select * from changes
),
strata_closed as (
  select dbt_scd_id, dbt_valid_to from strata_changes
  where dbt_change_type in ('update', 'delete')
)
select strata_target."id", strata_target."name", strata_target."updated_at", strata_target."dbt_scd_id", strata_target."dbt_updated_at", strata_target."dbt_valid_from", case when strata_closed.dbt_scd_id is not null and strata_target."dbt_valid_to" is null then strata_closed.dbt_valid_to else strata_target."dbt_valid_to" end as "dbt_valid_to", null as "email"
from "snapshots"."customers_snapshot" as strata_target
left join strata_closed on strata_closed.dbt_scd_id = strata_target.dbt_scd_id
union all
select strata_changes."id", strata_changes."name", strata_changes."updated_at", strata_changes."dbt_scd_id", strata_changes."dbt_updated_at", strata_changes."dbt_valid_from", strata_changes."dbt_valid_to", strata_changes."email"
from strata_changes
where dbt_change_type = 'insert'