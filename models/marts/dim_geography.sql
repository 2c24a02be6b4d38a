-- The places customers live and orders ship to: one row per city, rolled up to country
-- and region.

with cities as (

    select * from {{ ref('geography') }}

)

select
    {{ generate_surrogate_key(['country_code', 'city']) }} as geography_key,
    country_code,
    country_name,
    region,
    city,
    latitude,
    longitude,
    timezone
from cities
