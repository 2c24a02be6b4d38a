-- What each active user did on each day: visits, clicks by kind, orders and revenue.

with sessions as (

    select * from {{ ref('fct_user_sessions') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

session_days as (

    select
        user_id,
        session_date as activity_date,
        count(*) as sessions,
        sum(event_count) as events,
        sum(page_views) as page_views,
        sum(product_views) as product_views,
        sum(add_to_carts) as add_to_carts,
        sum(checkouts_started) as checkouts_started,
        sum(duration_seconds) as seconds_active
    from sessions
    group by
        user_id,
        session_date

),

order_days as (

    select
        user_id,
        order_date as activity_date,
        count(*) as orders_placed,
        sum(case when is_paid then 1 else 0 end) as orders_paid,
        sum(paid_amount) as revenue
    from orders
    group by
        user_id,
        order_date

),

activity as (

    select
        coalesce(session_days.user_id, order_days.user_id) as user_id,
        coalesce(session_days.activity_date, order_days.activity_date) as activity_date,
        coalesce(session_days.sessions, 0) as sessions,
        coalesce(session_days.events, 0) as events,
        coalesce(session_days.page_views, 0) as page_views,
        coalesce(session_days.product_views, 0) as product_views,
        coalesce(session_days.add_to_carts, 0) as add_to_carts,
        coalesce(session_days.checkouts_started, 0) as checkouts_started,
        coalesce(session_days.seconds_active, 0) as seconds_active,
        coalesce(order_days.orders_placed, 0) as orders_placed,
        coalesce(order_days.orders_paid, 0) as orders_paid,
        coalesce(order_days.revenue, 0) as revenue
    from session_days
    full outer join order_days
        on session_days.user_id = order_days.user_id
        and session_days.activity_date = order_days.activity_date

)

select
    {{ generate_surrogate_key(['user_id', 'activity_date']) }} as user_activity_id,
    *
from activity
