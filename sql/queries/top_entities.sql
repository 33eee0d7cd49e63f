-- The entities that most articles mention, with their aliases and, for places, coordinates.
select name, label, n_articles, n_mentions, aliases[1:5] as some_aliases, latitude, longitude, country_code
from entities
order by n_articles desc, n_mentions desc, name
limit 20;
