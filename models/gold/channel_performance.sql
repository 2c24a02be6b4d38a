-- Marketing channels compared: visits each brought (by the channel of a session's first
-- click), how far those visits got in the funnel, what they earned, and sign-ups acquired.

with funnel as (

    select * from {{ ref('fct_conversion_funnel') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

channels as (

    select * from {{ ref('marketing_channels') }}

),

visits as (

    select
        channel,
        count(*) as sessions,
        count(distinct user_id) as visitors,
        sum(case when reached_product_view then 1 else 0 end) as product_view_sessions,
        sum(case when reached_add_to_cart then 1 else 0 end) as add_to_cart_sessions,
        sum(case when reached_checkout then 1 else 0 end) as checkout_sessions,
        sum(case when reached_order then 1 else 0 end) as order_sessions,
        sum(case when reached_payment then 1 else 0 end) as paid_order_sessions,
        sum(revenue) as revenue
    from funnel
    group by channel

),

acquisitions as (

    select
        acquisition_channel as channel,
        count(*) as users_acquired
    from users
    group by acquisition_channel

)

select
    channels.channel_code,
    channels.channel_name,
    channels.channel_group,
    channels.is_paid,
    coalesce(visits.sessions, 0) as sessions,
    coalesce(visits.visitors, 0) as visitors,
    coalesce(acquisitions.users_acquired, 0) as users_acquired,
    coalesce(visits.product_view_sessions, 0) as product_view_sessions,
    coalesce(visits.add_to_cart_sessions, 0) as add_to_cart_sessions,
    coalesce(visits.checkout_sessions, 0) as checkout_sessions,
    coalesce(visits.order_sessions, 0) as order_sessions,
    coalesce(visits.paid_order_sessions, 0) as paid_order_sessions,
    coalesce(visits.revenue, 0) as revenue,
    cast(visits.paid_order_sessions as {{ type_float() }}) / nullif(visits.sessions, 0) as conversion_rate,
    cast(visits.revenue / nullif(visits.sessions, 0) as decimal(12, 2)) as revenue_per_session
from channels
left join visits
    on channels.channel_code = visits.channel
left join acquisitions
    on channels.channel_code = acquisitions.channel
