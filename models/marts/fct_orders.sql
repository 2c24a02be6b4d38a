{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='commit_feed' if var('live', false) else 'merge',
        on_schema_change='append_new_columns'
    )
}}

-- One row per order with its payment outcome. Incremental: a run re-builds the orders
-- whose order event or any payment attempt arrived since the last run, and merges them
-- on order_id, so a payment landing after its order updates the order's status.
-- Live, fed by its upstream instead (src/feed/CONTEXT.md): partitions flush apart, so a commit
-- can land records ingested before the newest an earlier run saw, which `ingested_at > max(...)`
-- would never pick up; the new offsets of stg_orders and stg_payments name the changed orders
-- exactly, and only their rows are read and merged on order_id.

{% set live_batch = is_incremental() and var('live', false) %}

with
{% if live_batch %}
changed_orders as (
    {{ live_changed_orders() }}
),
{% endif %}

orders as (

    select * from {{ ref('stg_orders') }}
    {% if live_batch %}where order_id in (select order_id from changed_orders){% endif %}

),

payments as (

    select * from {{ ref('stg_payments') }}
    {% if live_batch %}where order_id in (select order_id from changed_orders){% endif %}

),

{% if is_incremental() and not live_batch %}
{#- A flush is stamped when it starts and visible when its files land, and partitions flush
    apart: rows stamped before the newest this table holds can land after the last run. The
    lookback re-reads them; the merge on order_id makes re-reading harmless. -#}
{%- set since = dbt.dateadd(
    'minute', -var('ingest_lookback_minutes'), '(select max(last_ingested_at) from ' ~ this ~ ')'
) %}
changed_orders as (

    select order_id
    from orders
    where ingested_at > {{ since }}

    union

    select order_id
    from payments
    where ingested_at > {{ since }}

),
{% endif %}

order_lines as (

    select
        order_id,
        sum(quantity) as unit_count
    from {{ ref('stg_order_items') }}
    {% if live_batch %}where order_id in (select order_id from changed_orders){% endif %}
    group by order_id

),

payment_attempts as (

    select
        order_id,
        count(*) as payment_attempts,
        sum(case when is_successful then 0 else 1 end) as failed_payment_attempts,
        max(ingested_at) as last_payment_ingested_at
    from payments
    group by order_id

),

settled as (

    select * from {{ ref('int_successful_payments') }}
    {% if live_batch %}where order_id in (select order_id from changed_orders){% endif %}

),

geography as (

    select * from {{ ref('dim_geography') }}

),

final as (

    select
        orders.order_id,
        orders.user_id,
        orders.ordered_at,
        orders.order_date,
        cast(extract(hour from orders.ordered_at) as {{ type_int() }}) as order_hour,
        geography.geography_key as shipping_geography_key,
        orders.shipping_country_code,
        orders.shipping_city,
        orders.currency,
        orders.item_count,
        order_lines.unit_count,
        orders.subtotal,
        orders.discount_amount,
        orders.shipping_amount,
        orders.total_amount,
        orders.coupon_code,
        case
            when settled.order_id is not null then 'paid'
            when payment_attempts.order_id is not null then 'payment_failed'
            else 'pending'
        end as order_status,
        settled.order_id is not null as is_paid,
        case when settled.order_id is not null then orders.total_amount else 0 end as paid_amount,
        coalesce(payment_attempts.payment_attempts, 0) as payment_attempts,
        coalesce(payment_attempts.failed_payment_attempts, 0) as failed_payment_attempts,
        settled.payment_id as settling_payment_id,
        settled.payment_method,
        settled.paid_at,
        {{ datediff('orders.ordered_at', 'settled.paid_at', 'second') }} as seconds_to_payment,
        orders.is_late_arrival,
        orders.ingested_at,
        greatest(
            orders.ingested_at,
            coalesce(payment_attempts.last_payment_ingested_at, orders.ingested_at)
        ) as last_ingested_at
    from orders
    left join order_lines
        on orders.order_id = order_lines.order_id
    left join payment_attempts
        on orders.order_id = payment_attempts.order_id
    left join settled
        on orders.order_id = settled.order_id
    left join geography
        on orders.shipping_country_code = geography.country_code
        and orders.shipping_city = geography.city

)

select * from final
{% if is_incremental() %}
where order_id in (select order_id from changed_orders)
{% endif %}
