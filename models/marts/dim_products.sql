-- The product catalog with price bands and margins.

with products as (

    select * from {{ ref('products') }}

)

select
    product_id,
    product_name,
    category,
    subcategory,
    brand,
    unit_price,
    unit_cost,
    unit_price - unit_cost as unit_margin,
    cast(round((unit_price - unit_cost) / nullif(unit_price, 0), 4) as {{ type_float() }}) as margin_rate,
    case
        when unit_price < 25 then 'under_25'
        when unit_price < 100 then '25_to_100'
        when unit_price < 500 then '100_to_500'
        else '500_and_over'
    end as price_band,
    launched_on,
    is_active
from products
