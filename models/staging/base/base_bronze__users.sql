-- Every record of the users topic, parsed and checked. `rejection_reason` is null for
-- records stg_users keeps; the others end up in stg_invalid_events.

{# Live (`--vars '{live: true}'`, as `npm run example:live` runs): each run appends the records of
    the commits after the model's cursor, read from exactly their files (every record is in one commit). #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with parsed as (

    {{ bronze_envelope(source('bronze', 'users')) }}

),

fields as (

    select
        *,
        {{ bronze_event_header('event_json') }},
        {{ bronze_str('event_json', 'user_id') }} as user_id,
        {{ bronze_str('event_json', 'email') }} as email,
        {{ bronze_str('event_json', 'first_name') }} as first_name,
        {{ bronze_str('event_json', 'last_name') }} as last_name,
        {{ bronze_str('event_json', 'country_code') }} as country_code,
        {{ bronze_str('event_json', 'city') }} as city,
        {{ bronze_str('event_json', 'marketing_channel') }} as marketing_channel,
        {{ bronze_str('event_json', 'signup_platform') }} as signup_platform,
        {{ safe_cast(bronze_str('event_json', 'marketing_opt_in'), type_boolean()) }} as marketing_opt_in
    from parsed

),

checked as (

    select
        *,
        case
            when event_json is null then 'invalid_json'
            when event_id is null then 'missing_event_id'
            when event_type is null or event_type not in ('user_registered') then 'unknown_event_type'
            when event_time is null then 'invalid_event_time'
            when user_id is null then 'missing_user_id'
            when email is null then 'missing_email'
        end as rejection_reason
    from fields

)

select * from checked
