-- Registered customers with where they live and how they were acquired.

with users as (

    select * from {{ ref('stg_users') }}

),

geography as (

    select * from {{ ref('dim_geography') }}

),

channels as (

    select * from {{ ref('marketing_channels') }}

)

select
    users.user_id,
    users.email,
    users.first_name,
    users.last_name,
    users.first_name || ' ' || users.last_name as full_name,
    geography.geography_key,
    users.country_code,
    geography.country_name,
    geography.region,
    users.city,
    users.marketing_channel as acquisition_channel,
    channels.channel_group as acquisition_channel_group,
    users.signup_platform,
    users.marketing_opt_in,
    users.registered_at,
    users.registration_date
from users
left join geography
    on users.country_code = geography.country_code
    and users.city = geography.city
left join channels
    on users.marketing_channel = channels.channel_code
