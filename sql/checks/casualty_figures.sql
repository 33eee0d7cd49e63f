-- Rows the casualty_figures suite validates: the figures of the articles of arrival days $1..$2 this run read
-- ($3: run id; NULL: all of those days). count_best_current leaves historical figures out (the Holocaust's six
-- million is a figure, not a misread number).
with rows as (
    select * from casualty_figures
    where ingest_date between $1 and $2
      and ($3::varchar is null
           or article_id in (select item_id from processing_log where step = 'casualties' and run_id = $3))
)
select f.figure_id, f.casualty_type, f.figure_kind, f.scope, f.count_low, f.count_best, f.count_high, f.confidence,
       case when f.scope <> 'historical' then f.count_best end                     as count_best_current,
       coalesce(f.count_low, f.count_best) <= f.count_best
           and f.count_best <= coalesce(f.count_high, f.count_best)                 as counts_ordered,
       f.report_date is null or f.report_date <= f.published_date                  as report_not_after_published,
       f.end_char <= length(a.body) and f.start_char < f.end_char
           and substring(a.body, f.start_char + 1, f.end_char - f.start_char) = f.figure_text as span_in_article
from rows f
join parsed_articles a using (article_id)
