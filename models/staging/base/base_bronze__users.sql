-- Every record of the users topic, parsed and checked. `rejection_reason` is null for
-- records stg_users keeps; the others end up in stg_invalid_events.

with source as (

    select * from {{ source('bronze', 'users') }}

),

parsed as (

    select
        topic,
        cast("partition" as {{ type_int() }}) as kafka_partition,
        cast("offset" as {{ type_bigint() }}) as kafka_offset,
        cast(kafka_timestamp as {{ type_timestamp() }}) as kafka_timestamp,
        cast(ingested_at as {{ type_timestamp() }}) as ingested_at,
        event_time_source,
        cast(dt as {{ type_date() }}) as lake_dt,
        cast(hour as {{ type_int() }}) as lake_hour,
        payload,
        case when {{ json_is_valid('payload') }} then payload end as event_json
    from source

),

fields as (

    select
        *,
        {{ json_str('event_json', 'event_id') }} as event_id,
        {{ json_str('event_json', 'event_type') }} as event_type,
        {{ iso_timestamp(json_str('event_json', 'event_time')) }} as event_time,
        {{ json_str('event_json', 'user_id') }} as user_id,
        {{ json_str('event_json', 'email') }} as email,
        {{ json_str('event_json', 'first_name') }} as first_name,
        {{ json_str('event_json', 'last_name') }} as last_name,
        {{ json_str('event_json', 'country_code') }} as country_code,
        {{ json_str('event_json', 'city') }} as city,
        {{ json_str('event_json', 'marketing_channel') }} as marketing_channel,
        {{ json_str('event_json', 'signup_platform') }} as signup_platform,
        {{ safe_cast(json_str('event_json', 'marketing_opt_in'), type_boolean()) }} as marketing_opt_in
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
