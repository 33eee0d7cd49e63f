-- Rows the casualty_figures suite validates, for arrival days $1..$2.
select f.figure_id, f.casualty_type, f.figure_kind, f.scope, f.count_low, f.count_best, f.count_high, f.confidence,
       case when f.scope <> 'historical' then f.count_best end                     as count_best_current,
       coalesce(f.count_low, f.count_best) <= f.count_best
           and f.count_best <= coalesce(f.count_high, f.count_best)                 as counts_ordered,
       f.report_date is null or f.report_date <= f.published_date                  as report_not_after_published,
       f.end_char <= length(a.body) and f.start_char < f.end_char
           and substring(a.body, f.start_char + 1, f.end_char - f.start_char) = f.figure_text as span_in_article
from casualty_figures f
join parsed_articles a using (article_id)
where f.ingest_date between $1 and $2
