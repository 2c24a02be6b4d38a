-- Staging drops nothing silently: every valid Bronze record is kept in its stg_ model or is
-- an exact re-send of an event that is kept (invalid records go to stg_invalid_events).
-- Returns the valid records that went missing.

with kept as (

    select 'users' as topic, event_id from {{ ref('stg_users') }}
    union all
    select 'clickstream' as topic, event_id from {{ ref('stg_clickstream_events') }}
    union all
    select 'orders' as topic, event_id from {{ ref('stg_orders') }}
    union all
    select 'payments' as topic, event_id from {{ ref('stg_payments') }}

),

valid_records as (

    select topic, kafka_partition, kafka_offset, event_id
    from {{ ref('base_bronze__users') }}
    where rejection_reason is null

    union all

    select topic, kafka_partition, kafka_offset, event_id
    from {{ ref('base_bronze__clickstream') }}
    where rejection_reason is null

    union all

    select topic, kafka_partition, kafka_offset, event_id
    from {{ ref('base_bronze__orders') }}
    where rejection_reason is null

    union all

    select topic, kafka_partition, kafka_offset, event_id
    from {{ ref('base_bronze__payments') }}
    where rejection_reason is null

)

select
    valid_records.topic,
    valid_records.kafka_partition,
    valid_records.kafka_offset,
    valid_records.event_id
from valid_records
left join kept
    on valid_records.topic = kept.topic
    and valid_records.event_id = kept.event_id
where kept.event_id is null
