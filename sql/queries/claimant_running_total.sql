-- "What did the Gaza Ministry of Health's running death toll look like, day by day, as the press reported it?"
-- One row per report day: the range of war-to-date totals of all victims reported that day and how many articles
-- said so. Deaths only (a count of 'dead, wounded or missing' is of type casualties). Subgroup counts ('10,000 children'), partial totals ('1,207 since the truce collapsed') and historical
-- figures are other series (victim_group, scope).
select report_date, count_best as highest_reported, min_best, max_best, disagreement, n_articles
from daily_casualty_reports
where claimant = 'Gaza Ministry of Health'
  and figure_kind = 'cumulative'
  and casualty_type = 'killed'
  and victim_group = 'all'
  and scope = 'full'
  and location in ('Gaza', 'Gaza Strip', 'unknown')
order by report_date;
