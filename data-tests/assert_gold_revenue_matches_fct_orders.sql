-- Revenue in the gold summaries must equal the revenue of paid orders in fct_orders,
-- to the cent. Returns one row per summary that disagrees.

with fact as (

    select sum(paid_amount) as revenue
    from {{ ref('fct_orders') }}

),

summaries as (

    select 'orders_daily_summary' as summary, sum(revenue) as revenue
    from {{ ref('orders_daily_summary') }}

    union all

    select 'sales_by_country' as summary, sum(revenue) as revenue
    from {{ ref('sales_by_country') }}

    union all

    select 'channel_performance' as summary, sum(revenue) as revenue
    from {{ ref('channel_performance') }}

    union all

    select 'payment_daily_summary' as summary, sum(amount_captured) as revenue
    from {{ ref('payment_daily_summary') }}

    union all

    select 'user_daily_activity_summary' as summary, sum(revenue) as revenue
    from {{ ref('user_daily_activity_summary') }}

)

select
    summaries.summary,
    summaries.revenue as summary_revenue,
    fact.revenue as fct_orders_revenue
from summaries
cross join fact
-- to the cent, whether the warehouse sums decimals exactly or in floating point
where abs(coalesce(summaries.revenue, 0) - coalesce(fact.revenue, 0)) >= 0.005
