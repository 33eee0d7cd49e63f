-- Incremental killed figures per claimant and report day (the chart's lower panel); top claimants only.
with top_claimants as (
    select claimant from daily_casualty_reports
    where figure_kind = 'incremental' and casualty_type = 'killed' and claimant <> 'unattributed'
    group by claimant order by sum(n_figures) desc limit 6
)
select report_date, claimant, count_best
from daily_casualty_reports
where figure_kind = 'incremental' and casualty_type = 'killed' and claimant in (select claimant from top_claimants)
order by report_date, claimant;
