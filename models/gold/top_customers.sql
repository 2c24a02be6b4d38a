-- The customers with the highest lifetime revenue (paid orders), top
-- `top_customers_limit` of them.

with users as (

    select * from {{ ref('dim_users') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

sessions as (

    select
        user_id,
        count(*) as sessions
    from {{ ref('fct_user_sessions') }}
    group by user_id

),

customer_orders as (

    select
        user_id,
        count(*) as orders_placed,
        sum(case when is_paid then 1 else 0 end) as orders_paid,
        sum(paid_amount) as lifetime_revenue,
        sum(case when is_paid then unit_count else 0 end) as units_bought,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from orders
    group by user_id

),

ranked as (

    select
        customer_orders.*,
        row_number() over (
            order by customer_orders.lifetime_revenue desc, customer_orders.user_id
        ) as customer_rank
    from customer_orders
    where customer_orders.orders_paid > 0

)

select
    ranked.customer_rank,
    ranked.user_id,
    users.full_name,
    users.email,
    users.country_name,
    users.city,
    users.acquisition_channel,
    users.registered_at,
    ranked.orders_placed,
    ranked.orders_paid,
    ranked.units_bought,
    ranked.lifetime_revenue,
    cast(ranked.lifetime_revenue / ranked.orders_paid as decimal(12, 2)) as average_order_value,
    ranked.first_order_at,
    ranked.last_order_at,
    coalesce(sessions.sessions, 0) as sessions
from ranked
inner join users
    on ranked.user_id = users.user_id
left join sessions
    on ranked.user_id = sessions.user_id
where ranked.customer_rank <= {{ var('top_customers_limit', 100) }}
