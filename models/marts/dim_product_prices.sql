-- The price of each product over time, from the products snapshot: one row per price period,
-- the current one open-ended. Join an order on product_id and its time between valid_from
-- and valid_to to read the list price the customer saw.

with history as (

    select * from {{ ref('products_snapshot') }}

)

select
    product_id,
    product_name,
    category,
    unit_price,
    unit_cost,
    unit_price - unit_cost as unit_margin,
    dbt_valid_from as valid_from,
    dbt_valid_to as valid_to,
    dbt_valid_to is null as is_current
from history
