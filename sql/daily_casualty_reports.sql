-- daily_casualty_reports: casualty_figures grouped by (report_date, location, type, kind, claimant).
-- Figures that disagree stay visible: min_best..max_best and distinct_counts; nothing is averaged.
insert into daily_casualty_reports
select report_date,
       coalesce(location_name, 'unknown')                                 as location,
       casualty_type,
       figure_kind,
       coalesce(claimant_name, 'unattributed')                            as claimant,
       min(coalesce(count_low, count_best))                               as count_low,
       case when figure_kind = 'cumulative' then max(count_best) else min(count_best) end as count_best,
       case when count(*) = count(count_high) then max(count_high)
            when max(count_high) > max(count_best) then max(count_high) end as count_high,
       min(count_best)                                                    as min_best,
       max(count_best)                                                    as max_best,
       list_sort(list_distinct(list(count_best)))                         as distinct_counts,
       count(distinct count_best) > 1                                     as disagreement,
       count(*)::integer                                                  as n_figures,
       count(distinct article_id)::integer                                as n_articles,
       list_sort(list_distinct(list(article_id)))                         as article_ids,
       list_sort(list(figure_id))                                         as figure_ids
from casualty_figures
group by report_date, coalesce(location_name, 'unknown'), casualty_type, figure_kind, coalesce(claimant_name, 'unattributed')
order by report_date, location, casualty_type, figure_kind, claimant
