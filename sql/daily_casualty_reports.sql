-- daily_casualty_reports: casualty_figures grouped by (report_date, location, type, kind, claimant, victim group,
-- scope, period start). Figures that disagree stay visible: min_best..max_best and distinct_counts; nothing is
-- averaged. Subgroup counts (victim_group), partial running totals (scope 'partial', from period_start) and
-- period counts of different lengths are separate rows; historical figures (the Holocaust, earlier wars) are left out.
insert into daily_casualty_reports by name
select report_date,
       coalesce(location_name, 'unknown')                                 as location,
       casualty_type,
       figure_kind,
       coalesce(claimant_name, 'unattributed')                            as claimant,
       coalesce(victim_group, 'all')                                      as victim_group,
       scope,
       -- a war-to-date total is one series whether or not it says 'since 7 October'
       case when scope = 'full' and figure_kind = 'cumulative' then null else period_start end as period_start,
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
where scope <> 'historical'
group by report_date, coalesce(location_name, 'unknown'), casualty_type, figure_kind,
         coalesce(claimant_name, 'unattributed'), coalesce(victim_group, 'all'), scope,
         case when scope = 'full' and figure_kind = 'cumulative' then null else period_start end
order by report_date, location, casualty_type, figure_kind, claimant, victim_group, scope, period_start
