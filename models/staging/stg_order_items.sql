-- One row per order line of the orders kept in stg_orders, flattened from the order's
-- `items` array.

{# Live (`--vars '{live: true}'`): a table fed by its upstream (src/feed/CONTEXT.md): each run
    appends the lines of the orders stg_orders gained, read with their Bronze records from the
    same offsets (an order's lines never change after it is placed). #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with orders as (

    select
        stg_orders.order_id,
        stg_orders.user_id,
        stg_orders.ordered_at,
        stg_orders.order_date,
        base.event_json
    from {{ live_new_rows('stg_orders') }} as stg_orders
    inner join {{ live_new_rows('base_bronze__orders') }} as base
        on stg_orders.kafka_partition = base.kafka_partition
        and stg_orders.kafka_offset = base.kafka_offset

),

lines as (

    select
        item.order_id,
        item.user_id,
        item.ordered_at,
        item.order_date,
        item.element_position as line_number,
        {{ bronze_str('item.element_json', 'product_id') }} as product_id,
        {{ safe_cast(bronze_str('item.element_json', 'quantity'), type_int()) }} as quantity,
        {{ safe_cast(bronze_str('item.element_json', 'unit_price'), 'decimal(12, 2)') }} as unit_price
    from {{ bronze_array_elements(
        'orders', 'event_json', 'items', ['order_id', 'user_id', 'ordered_at', 'order_date']
    ) }} as item

)

select
    {{ generate_surrogate_key(['order_id', 'line_number']) }} as order_item_id,
    order_id,
    line_number,
    user_id,
    product_id,
    quantity,
    unit_price,
    cast(quantity * unit_price as decimal(12, 2)) as line_amount,
    ordered_at,
    order_date
from lines
