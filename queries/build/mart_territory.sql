-- Mart territory: one row per built commune (COG 2026, metropolitan France + DOM) with its EPCI,
-- département, région, typologies, Territoire d'industrie, WGS84 position, area and the name folded for
-- search (lower case, no accents, hyphens and apostrophes as spaces).
create or replace table territory as
select
    c.code,
    c.name,
    c.population,
    c.epci_code,
    c.epci_name,
    c.dep_code,
    d.dep_name,
    c.reg_code,
    r.reg_name,
    c.aav_code,
    c.aav_category,
    c.aav_size_class,
    c.density_level,
    c.centrality_level,
    c.ti_code,
    c.ti_name,
    c.lon,
    c.lat,
    c.area_km2,
    lower(strip_accents(replace(replace(replace(c.name, '-', ' '), '''', ' '), '’', ' '))) as name_search,
    c.position_source,
    c.zone
from int_commune c
left join stg_cog__departements d using (dep_code)
left join stg_cog__regions r on r.reg_code = c.reg_code
order by c.code
