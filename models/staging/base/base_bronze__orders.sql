-- Every record of the orders topic, parsed and checked. `rejection_reason` is null for
-- records stg_orders keeps; the others end up in stg_invalid_events.

{# Live (`--vars '{live: true}'`, as `npm run example:live` runs): each run appends the records of
    the commits after the model's cursor, read from exactly their files (every record is in one commit). #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with parsed as (

    {{ bronze_envelope(source('bronze', 'orders')) }}

),

fields as (

    select
        *,
        {{ bronze_event_header('event_json') }},
        {{ bronze_str('event_json', 'order_id') }} as order_id,
        {{ bronze_str('event_json', 'user_id') }} as user_id,
        {{ bronze_str('event_json', 'currency') }} as currency,
        {{ safe_cast(bronze_str('event_json', 'subtotal'), 'decimal(12, 2)') }} as subtotal,
        {{ safe_cast(bronze_str('event_json', 'discount_amount'), 'decimal(12, 2)') }} as discount_amount,
        {{ safe_cast(bronze_str('event_json', 'shipping_amount'), 'decimal(12, 2)') }} as shipping_amount,
        {{ safe_cast(bronze_str('event_json', 'total_amount'), 'decimal(12, 2)') }} as total_amount,
        {{ bronze_str('event_json', 'coupon_code') }} as coupon_code,
        {{ bronze_str('event_json', 'shipping_country') }} as shipping_country_code,
        {{ bronze_str('event_json', 'shipping_city') }} as shipping_city
    from parsed

),

items as (

    select
        item.kafka_partition,
        item.kafka_offset,
        {{ bronze_str('item.element_json', 'product_id') }} as product_id,
        {{ safe_cast(bronze_str('item.element_json', 'quantity'), type_int()) }} as quantity,
        {{ safe_cast(bronze_str('item.element_json', 'unit_price'), 'decimal(12, 2)') }} as unit_price
    from {{ bronze_array_elements('fields', 'event_json', 'items', ['kafka_partition', 'kafka_offset']) }} as item

),

item_checks as (

    select
        kafka_partition,
        kafka_offset,
        count(*) as item_count,
        sum(
            case
                when product_id is null or quantity is null or quantity <= 0
                    or unit_price is null or unit_price < 0 then 1
                else 0
            end
        ) as invalid_item_count
    from items
    group by
        kafka_partition,
        kafka_offset

),

checked as (

    select
        fields.*,
        coalesce(item_checks.item_count, 0) as item_count,
        case
            when fields.event_json is null then 'invalid_json'
            when fields.event_id is null then 'missing_event_id'
            when fields.event_type is null or fields.event_type not in ('order_placed') then 'unknown_event_type'
            when fields.event_time is null then 'invalid_event_time'
            when fields.order_id is null then 'missing_order_id'
            when fields.user_id is null then 'missing_user_id'
            when fields.subtotal is null or fields.discount_amount is null
                or fields.shipping_amount is null or fields.total_amount is null then 'invalid_amount'
            when fields.subtotal < 0 or fields.discount_amount < 0
                or fields.shipping_amount < 0 or fields.total_amount < 0 then 'negative_amount'
            when coalesce(item_checks.item_count, 0) = 0 then 'missing_items'
            when item_checks.invalid_item_count > 0 then 'invalid_item'
        end as rejection_reason
    from fields
    left join item_checks
        on fields.kafka_partition = item_checks.kafka_partition
        and fields.kafka_offset = item_checks.kafka_offset

)

select * from checked
