-- Mart commune_economy: one row per built commune: employed residents, jobs, job-seekers, own-commune
-- workers, PCS shares, teleworkable and presence-based shares, mode counts, each with its source
-- ('insee' or 'estimated'), from the Python economy step (docs/method.md §2).
create or replace table commune_economy as
select *
from py_commune_economy
where code in (select code from int_commune)
order by code
