-- One row per click: valid clickstream events, de-duplicated by event id (the first copy
-- by Kafka offset wins).

{# Live (`--vars '{live: true}'`): a table fed by its upstream (incremental_strategy commit_feed
    reading no Bronze source, src/feed/CONTEXT.md): each run appends the valid events at the offsets
    base_bronze__clickstream gained since, except copies of events it already holds. Appending is exact: every
    copy of an event has its key (the user id), hence its partition, so the copy at the lowest
    offset comes first, in the earliest batch, as a full build keeps it. The copy check looks only at
    rows whose event time lies within the batch's: a re-sent event is the very same bytes, hence the
    same event time, so a copy held already is within those bounds, and the bounds let DuckDB skip
    the older row groups instead of reading the whole table on every batch. #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with valid_events as (

    select * from {{ live_new_rows('base_bronze__clickstream') }}
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
{% if is_incremental() %}
    and event_id not in (
        select event_id from {{ this }}
        where event_time >= (select min(event_time) from valid_events)
            and event_time <= (select max(event_time) from valid_events)
    )
{% endif %}
