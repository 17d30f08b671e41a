-- Mart tiers_lieu: one row per Fabrique de territoire, Manufacture de proximité or France services
-- located in a built commune (source commune codes mapped to 2026 codes), with its WGS84 position.
create or replace table tiers_lieu as
select
    s.id,
    s.kind,
    s.name,
    m.code as commune_code,
    s.lon,
    s.lat
from stg_anct__tiers_lieux s
join int_commune_code_map m on m.from_code = s.commune_code_raw
where m.code in (select code from int_commune)
order by s.kind, s.id
