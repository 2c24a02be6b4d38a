-- Orders and revenue by shipping country, with each country's share of revenue.

with orders as (

    select * from {{ ref('fct_orders') }}

),

geography as (

    select distinct
        country_code,
        country_name,
        region
    from {{ ref('dim_geography') }}

),

by_country as (

    select
        shipping_country_code as country_code,
        count(*) as orders_placed,
        sum(case when is_paid then 1 else 0 end) as orders_paid,
        count(distinct user_id) as customers,
        count(distinct case when is_paid then user_id end) as paying_customers,
        sum(case when is_paid then unit_count else 0 end) as units_sold,
        sum(paid_amount) as revenue
    from orders
    group by shipping_country_code

)

select
    by_country.country_code,
    geography.country_name,
    geography.region,
    by_country.orders_placed,
    by_country.orders_paid,
    by_country.customers,
    by_country.paying_customers,
    by_country.units_sold,
    by_country.revenue,
    cast(by_country.revenue / nullif(by_country.orders_paid, 0) as decimal(12, 2)) as average_order_value,
    cast(by_country.revenue as {{ type_float() }}) / nullif(sum(by_country.revenue) over (), 0) as revenue_share
from by_country
left join geography
    on by_country.country_code = geography.country_code
