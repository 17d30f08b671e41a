-- One row per territory of level $level whose name (or code) matches $q, best first: name starting with
-- $q, then a word of the name starting with $q, then $q anywhere; ties by population (largest first).
-- Matching ignores case, accents, hyphens and apostrophes ('gueret' finds Guéret, 'saint etienne' finds
-- Saint-Étienne). Params: $level (commune|epci|departement|region|territoire_industrie|france), $q, $limit.
with needle as (
    select lower(strip_accents(replace(replace(replace(trim($q), '-', ' '), '''', ' '), '’', ' '))) as q
),
matches as (
    select
        l.level, l.code, l.name, l.population, l.parent_level, l.parent_code,
        case
            when starts_with(l.name_search, n.q) then 0
            when contains(' ' || l.name_search, ' ' || n.q) then 1
            when l.code = trim($q) then 1
            else 2
        end as match_rank
    from territory_level l, needle n
    where l.level = $level and n.q <> ''
      and (contains(l.name_search, n.q) or l.code = trim($q))
)
select level, code, name, population, parent_level, parent_code, match_rank
from matches
order by match_rank, population desc, code
limit $limit
