-- Precomputed baseline totals of a reference territory (France, a département, a région), one row per
-- total: key, value, and the fingerprint of the default assumptions they were computed with.
-- Params: $level, $code.
select key, value, assumptions
from reference_totals
where level = $level and code = $code
order by key
