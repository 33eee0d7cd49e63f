-- "What did the Gaza Ministry of Health's running death toll look like, day by day, as the press reported it?"
-- One row per report day: the range of running totals reported that day and how many articles said so.
select report_date, count_best as highest_reported, min_best, max_best, disagreement, n_articles
from daily_casualty_reports
where claimant = 'Gaza Ministry of Health'
  and figure_kind = 'cumulative'
  and casualty_type in ('killed', 'casualties')
  and location in ('Gaza', 'Gaza Strip', 'unknown')
order by report_date;
