-- One row per order placed: valid order_placed events, de-duplicated by event id
-- (the first copy by Kafka offset wins).

{# Live (`--vars '{live: true}'`): a table fed by its upstream (incremental_strategy commit_feed
    reading no Bronze source, src/feed/CONTEXT.md): each run appends the valid events at the offsets
    base_bronze__orders gained since, except copies of events it already holds. Appending is exact: every
    copy of an event has its key (the user id), hence its partition, so the copy at the lowest
    offset comes first, in the earliest batch, as a full build keeps it. The copy check looks only at
    rows within the batch's event times (a re-sent event is the same bytes, hence the same time), so
    DuckDB skips the older row groups instead of reading the whole table on every batch. #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with valid_orders as (

    select * from {{ live_new_rows('base_bronze__orders') }}
    where rejection_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by kafka_partition, kafka_offset
        ) as copy_number
    from valid_orders

)

select
    order_id,
    event_id,
    user_id,
    event_time as ordered_at,
    cast(event_time as {{ type_date() }}) as order_date,
    currency,
    item_count,
    subtotal,
    discount_amount,
    shipping_amount,
    total_amount,
    coupon_code,
    shipping_country_code,
    shipping_city,
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
        where ordered_at >= (select min(event_time) from valid_orders)
            and ordered_at <= (select max(event_time) from valid_orders)
    )
{% endif %}
