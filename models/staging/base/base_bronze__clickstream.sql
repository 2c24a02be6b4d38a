-- Every record of the clickstream topic, parsed and checked. `rejection_reason` is null
-- for records stg_clickstream_events keeps; the others end up in stg_invalid_events.

{# Live (`--vars '{live: true}'`, as `npm run example:live` runs): each run appends the records of
    the commits after the model's cursor, read from exactly their files (every record is in one commit). #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with parsed as (

    {{ bronze_envelope(source('bronze', 'clickstream')) }}

),

fields as (

    select
        *,
        {{ bronze_event_header('event_json') }},
        {{ bronze_str('event_json', 'user_id') }} as user_id,
        {{ bronze_str('event_json', 'device') }} as device,
        {{ bronze_str('event_json', 'channel') }} as channel,
        {{ bronze_str('event_json', 'page_type') }} as page_type,
        {{ bronze_str('event_json', 'page_path') }} as page_path,
        {{ bronze_str('event_json', 'product_id') }} as product_id,
        {{ bronze_str('event_json', 'quantity') }} as quantity_text,
        {{ safe_cast(bronze_str('event_json', 'quantity'), type_int()) }} as quantity,
        {{ safe_cast(bronze_str('event_json', 'unit_price'), 'decimal(12, 2)') }} as unit_price,
        {{ bronze_str('event_json', 'cart_value') }} as cart_value_text,
        {{ safe_cast(bronze_str('event_json', 'cart_value'), 'decimal(12, 2)') }} as cart_value,
        {{ safe_cast(bronze_str('event_json', 'cart_items'), type_int()) }} as cart_items
    from parsed

),

checked as (

    select
        *,
        case
            when event_json is null then 'invalid_json'
            when event_id is null then 'missing_event_id'
            when event_type is null or event_type not in (
                'page_view', 'product_view', 'add_to_cart', 'remove_from_cart', 'checkout_started'
            ) then 'unknown_event_type'
            when event_time is null then 'invalid_event_time'
            when user_id is null then 'missing_user_id'
            when event_type in ('product_view', 'add_to_cart', 'remove_from_cart')
                and product_id is null then 'missing_product_id'
            when event_type in ('add_to_cart', 'remove_from_cart')
                and (quantity is null or quantity <= 0) then 'invalid_quantity'
            when quantity_text is not null and quantity is null then 'invalid_quantity'
            when event_type = 'checkout_started'
                and (cart_value is null or cart_value < 0) then 'invalid_amount'
            when cart_value_text is not null and cart_value is null then 'invalid_amount'
        end as rejection_reason
    from fields

)

{# Every column but `event_json`, which repeats the payload (typed: its row) for the checks above:
    kept, it would double what each batch writes, each checkpoint compresses and each scan reads. #}
select
    topic,
    kafka_partition,
    kafka_offset,
    kafka_timestamp,
    ingested_at,
    event_time_source,
    lake_dt,
    lake_hour,
    payload,
    event_id,
    event_type,
    event_time,
    user_id,
    device,
    channel,
    page_type,
    page_path,
    product_id,
    quantity_text,
    quantity,
    unit_price,
    cart_value_text,
    cart_value,
    cart_items,
    rejection_reason
from checked
