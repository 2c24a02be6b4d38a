{{
    config(
        materialized='table',
        location='lake/silver/clickstream_events',
        partition_by=['dt', 'hour']
    )
}}

-- Clean clickstream events written back to the lake as Parquet, partitioned like Bronze
-- (dt=YYYY-MM-DD/hour=HH, event time in UTC), for tools that read the lake directly.

with events as (

    select * from {{ ref('stg_clickstream_events') }}

)

select
    event_id,
    event_type,
    user_id,
    event_time,
    device,
    channel,
    page_type,
    page_path,
    product_id,
    quantity,
    unit_price,
    cart_value,
    cart_items,
    kafka_timestamp,
    ingested_at,
    is_late_arrival,
    cast(event_date as {{ type_string() }}) as dt,
    lpad(cast(extract(hour from event_time) as {{ type_string() }}), 2, '0') as hour
from events
