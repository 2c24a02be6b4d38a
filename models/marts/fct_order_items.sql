-- One row per order line, with the product's category and the order's payment outcome.

with items as (

    select * from {{ ref('stg_order_items') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

products as (

    select * from {{ ref('dim_products') }}

)

select
    items.order_item_id,
    items.order_id,
    items.line_number,
    items.user_id,
    items.product_id,
    products.category,
    items.order_date,
    items.ordered_at,
    items.quantity,
    items.unit_price,
    items.line_amount,
    cast(items.quantity * products.unit_cost as decimal(12, 2)) as line_cost,
    orders.order_status,
    orders.is_paid
from items
inner join orders
    on items.order_id = orders.order_id
left join products
    on items.product_id = products.product_id
