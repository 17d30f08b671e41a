-- One row per territory of level $level (for a select box): code, name, population, parent; by name.
-- Params: $level.
select level, code, name, population, parent_level, parent_code
from territory_level
where level = $level
order by name, code
