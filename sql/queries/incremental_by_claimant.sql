-- Incremental killed figures per claimant and report day (the chart's lower panel): counts of all victims; top
-- claimants only.
with top_claimants as (
    select claimant from daily_casualty_reports
    where figure_kind = 'incremental' and casualty_type = 'killed' and claimant <> 'unattributed'
      and victim_group = 'all'
    group by claimant order by sum(n_figures) desc limit 6
)
select report_date, claimant, min(count_best) as count_best
from daily_casualty_reports
where figure_kind = 'incremental' and casualty_type = 'killed' and victim_group = 'all'
  and claimant in (select claimant from top_claimants)
group by report_date, claimant
order by report_date, claimant;
