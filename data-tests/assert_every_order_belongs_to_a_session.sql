{{ config(severity='warn') }}

-- Orders come from a checkout, so each should fall inside (or just after) one session.
-- A warning, not an error: an order whose clicks arrived late or were rejected has none.

with attributed as (

    select sum(orders_placed) as orders
    from {{ ref('fct_user_sessions') }}

),

placed as (

    select count(*) as orders
    from {{ ref('fct_orders') }}

)

select
    placed.orders as orders_placed,
    attributed.orders as orders_in_sessions
from placed
cross join attributed
where placed.orders <> attributed.orders
