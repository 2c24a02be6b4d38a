-- Bronze records set aside by staging, from every topic, with the reason. Nothing is
-- dropped silently: each record is either here, kept in a stg_ model, or a duplicate
-- of one that is kept.

{% set columns %}
        topic,
        kafka_partition,
        kafka_offset,
        kafka_timestamp,
        ingested_at,
        lake_dt,
        lake_hour,
        event_time_source,
        event_id,
        event_type,
        rejection_reason,
        payload
{%- endset %}

with rejected as (

    select {{ columns }}
    from {{ ref('base_bronze__users') }}
    where rejection_reason is not null

    union all

    select {{ columns }}
    from {{ ref('base_bronze__clickstream') }}
    where rejection_reason is not null

    union all

    select {{ columns }}
    from {{ ref('base_bronze__orders') }}
    where rejection_reason is not null

    union all

    select {{ columns }}
    from {{ ref('base_bronze__payments') }}
    where rejection_reason is not null

)

select
    {{ generate_surrogate_key(['topic', 'kafka_partition', 'kafka_offset']) }} as invalid_event_id,
    *
from rejected
