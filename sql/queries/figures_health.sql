-- The casualty extraction's health in one row, for the figures run $1 wrote (the casualty_figures asset plots
-- these across runs in the UI).
select count(*)                                                                   as figures_written,
       count(distinct article_id)                                                 as articles_with_figures,
       coalesce(round(avg((claimant_name is not null)::integer), 3), 0.0)         as share_with_claimant,
       coalesce(round(avg((location_name is not null)::integer), 3), 0.0)         as share_with_place,
       coalesce(round(avg((figure_kind = 'unknown')::integer), 3), 0.0)           as share_unknown_kind
from casualty_figures
where article_id in (select item_id from processing_log where step = 'casualties' and run_id = $1)
