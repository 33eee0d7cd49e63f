-- Sentences of one batch of articles ($1), in order.
select article_id, sentence_idx, start_char, end_char, text
from sentences
where article_id in (select unnest($1))
order by article_id, sentence_idx
