-- One row per click: valid clickstream events, de-duplicated by event id (the first copy
-- by Kafka offset wins).

with valid_events as (

    select * from {{ ref('base_bronze__clickstream') }}
    where rejection_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by kafka_partition, kafka_offset
        ) as copy_number
    from valid_events

)

select
    event_id,
    event_type,
    user_id,
    event_time,
    cast(event_time as {{ type_date() }}) as event_date,
    device,
    channel,
    page_type,
    page_path,
    product_id,
    quantity,
    unit_price,
    cart_value,
    cart_items,
    kafka_partition,
    kafka_offset,
    kafka_timestamp,
    ingested_at,
    {{ datediff('event_time', 'kafka_timestamp', 'second') }} >= 3600 as is_late_arrival
from ranked
where copy_number = 1
