-- Customer base per day: sign-ups, active and returning users, buyers (first-time and
-- repeat), conversion, and revenue per active user.

with users as (

    select * from {{ ref('dim_users') }}

),

activity as (

    select * from {{ ref('user_daily_activity_summary') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

first_paid_orders as (

    select
        user_id,
        min(order_date) as first_paid_order_date
    from orders
    where is_paid
    group by user_id

),

signups as (

    select
        registration_date as metric_date,
        count(*) as new_users
    from users
    group by registration_date

),

active as (

    select
        activity.activity_date as metric_date,
        sum(case when activity.sessions > 0 then 1 else 0 end) as active_users,
        sum(case when activity.sessions > 0 and users.registration_date < activity.activity_date then 1 else 0 end)
            as returning_users,
        sum(case when activity.orders_paid > 0 then 1 else 0 end) as buyers,
        sum(case when activity.orders_paid > 0 and first_paid_orders.first_paid_order_date = activity.activity_date then 1 else 0 end)
            as first_time_buyers,
        sum(activity.revenue) as revenue
    from activity
    inner join users
        on activity.user_id = users.user_id
    left join first_paid_orders
        on activity.user_id = first_paid_orders.user_id
    group by activity.activity_date

),

days as (

    select metric_date from signups
    union
    select metric_date from active

),

combined as (

    select
        days.metric_date,
        coalesce(signups.new_users, 0) as new_users,
        coalesce(active.active_users, 0) as active_users,
        coalesce(active.returning_users, 0) as returning_users,
        coalesce(active.buyers, 0) as buyers,
        coalesce(active.first_time_buyers, 0) as first_time_buyers,
        coalesce(active.revenue, 0) as revenue
    from days
    left join signups
        on days.metric_date = signups.metric_date
    left join active
        on days.metric_date = active.metric_date

)

select
    metric_date,
    new_users,
    sum(new_users) over (order by metric_date rows between unbounded preceding and current row) as registered_users_to_date,
    active_users,
    returning_users,
    buyers,
    first_time_buyers,
    buyers - first_time_buyers as repeat_buyers,
    revenue,
    cast(buyers as {{ type_float() }}) / nullif(active_users, 0) as buyer_conversion_rate,
    cast(revenue / nullif(active_users, 0) as decimal(12, 2)) as revenue_per_active_user
from combined
