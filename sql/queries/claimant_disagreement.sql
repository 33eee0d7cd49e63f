-- "Which claimants disagree, and by how much, on the same day?"
-- (a) the same claimant reported with different counts on one day; (b) different claimants' running totals
-- for the same place, type, victims and scope on the same day.
select 'within claimant' as comparison, report_date, location, casualty_type, figure_kind, victim_group, scope,
       claimant, null as other_claimant, min_best, max_best, max_best - min_best as spread,
       round(100.0 * (max_best - min_best) / nullif(min_best, 0), 1) as spread_pct, n_articles
from daily_casualty_reports
where disagreement
union all
select 'between claimants', a.report_date, a.location, a.casualty_type, a.figure_kind, a.victim_group, a.scope,
       a.claimant, b.claimant, least(a.count_best, b.count_best), greatest(a.count_best, b.count_best),
       abs(a.count_best - b.count_best),
       round(100.0 * abs(a.count_best - b.count_best) / nullif(least(a.count_best, b.count_best), 0), 1),
       a.n_articles + b.n_articles
from daily_casualty_reports a
join daily_casualty_reports b
  on a.report_date = b.report_date and a.location = b.location and a.casualty_type = b.casualty_type
 and a.figure_kind = b.figure_kind and a.victim_group = b.victim_group and a.scope = b.scope
 and a.period_start is not distinct from b.period_start and a.claimant < b.claimant
where a.figure_kind = 'cumulative' and a.count_best <> b.count_best
  and 'unattributed' not in (a.claimant, b.claimant)
order by spread desc, report_date
limit 50;
