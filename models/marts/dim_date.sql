-- A calendar: one row per day between the `calendar_start_date` and `calendar_end_date` vars.

with days as (

    {{ date_spine(var('calendar_start_date'), var('calendar_end_date')) }}

),

parts as (

    select
        date_day,
        extract(year from date_day) as year_number,
        extract(quarter from date_day) as quarter_number,
        extract(month from date_day) as month_number,
        extract(day from date_day) as day_of_month,
        {{ day_of_week_iso('date_day') }} as day_of_week
    from days

)

select
    date_day,
    cast(year_number as {{ type_int() }}) as year_number,
    cast(quarter_number as {{ type_int() }}) as quarter_number,
    cast(month_number as {{ type_int() }}) as month_number,
    case month_number
        when 1 then 'January'
        when 2 then 'February'
        when 3 then 'March'
        when 4 then 'April'
        when 5 then 'May'
        when 6 then 'June'
        when 7 then 'July'
        when 8 then 'August'
        when 9 then 'September'
        when 10 then 'October'
        when 11 then 'November'
        else 'December'
    end as month_name,
    cast(day_of_month as {{ type_int() }}) as day_of_month,
    cast(day_of_week as {{ type_int() }}) as day_of_week,
    case day_of_week
        when 1 then 'Monday'
        when 2 then 'Tuesday'
        when 3 then 'Wednesday'
        when 4 then 'Thursday'
        when 5 then 'Friday'
        when 6 then 'Saturday'
        else 'Sunday'
    end as day_name,
    day_of_week in (6, 7) as is_weekend,
    cast({{ date_trunc('week', 'date_day') }} as {{ type_date() }}) as week_start_date,
    cast({{ date_trunc('month', 'date_day') }} as {{ type_date() }}) as month_start_date
from parts
