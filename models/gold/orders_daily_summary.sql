-- Orders per day: how many were placed, paid, failed or left pending, and the revenue
-- of the paid ones.

{# Live (`--vars '{live: true}'`): fed by its upstream (src/feed/CONTEXT.md). A batch re-aggregates
    the days of the orders it touches (new orders, new payment attempts) from fct_orders and merges
    them on order_date, all columns replaced: a distinct count of customers is not a sum of deltas,
    and a day's row never disappears (orders are never removed). #}
{% if var('live', false) %}
{{ config(materialized='incremental', incremental_strategy='commit_feed', unique_key='order_date') }}
-- depends_on: {{ ref('stg_orders') }}, {{ ref('stg_payments') }}
{% endif %}
{% set live_batch = is_incremental() and var('live', false) %}

with
{% if live_batch %}
changed_days as (
    select distinct order_date
    from {{ ref('fct_orders') }}
    where order_id in ({{ live_changed_orders() }})
),
{% endif %}

orders as (

    select * from {{ ref('fct_orders') }}
    {% if live_batch %}where order_date in (select order_date from changed_days){% endif %}

),

calendar as (

    select * from {{ ref('dim_date') }}

),

daily as (

    select
        order_date,
        count(*) as orders_placed,
        sum(case when order_status = 'paid' then 1 else 0 end) as orders_paid,
        sum(case when order_status = 'payment_failed' then 1 else 0 end) as orders_payment_failed,
        sum(case when order_status = 'pending' then 1 else 0 end) as orders_pending,
        count(distinct user_id) as customers,
        sum(unit_count) as units_ordered,
        sum(subtotal) as gross_merchandise_value,
        sum(case when is_paid then total_amount else 0 end) as revenue,
        sum(case when is_paid then discount_amount else 0 end) as discounts,
        sum(case when is_paid then shipping_amount else 0 end) as shipping_revenue,
        sum(case when coupon_code is not null then 1 else 0 end) as orders_with_coupon
    from orders
    group by order_date

)

select
    daily.order_date,
    calendar.day_name,
    calendar.is_weekend,
    daily.orders_placed,
    daily.orders_paid,
    daily.orders_payment_failed,
    daily.orders_pending,
    daily.customers,
    daily.units_ordered,
    daily.gross_merchandise_value,
    daily.revenue,
    daily.discounts,
    daily.shipping_revenue,
    daily.orders_with_coupon,
    cast(daily.revenue / nullif(daily.orders_paid, 0) as decimal(12, 2)) as average_order_value,
    cast(daily.orders_paid as {{ type_float() }}) / nullif(daily.orders_placed, 0) as paid_order_rate
from daily
left join calendar
    on daily.order_date = calendar.date_day
