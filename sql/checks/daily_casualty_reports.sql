-- Rows the daily_casualty_reports suite validates. cumulative_not_decreasing is false on a day where a
-- running total is below the previous reported day's total for the same series (location, claimant, type,
-- victims, scope, start).
select coalesce(report_date::varchar, 'undated') || ' ' || location || ' ' || casualty_type || ' ' || figure_kind
           || ' ' || claimant || ' ' || victim_group || ' ' || scope || ' ' || coalesce(period_start::varchar, '-')
           as row_key,
       count_low, count_best, count_high, n_figures, n_articles, scope,
       count_low <= count_best and count_best <= coalesce(count_high, count_best) as counts_ordered,
       figure_kind <> 'cumulative' or count_best >= coalesce(lag(count_best) over (
           partition by location, claimant, casualty_type, figure_kind, victim_group, scope, period_start
           order by report_date), 0)
           as cumulative_not_decreasing
from daily_casualty_reports
