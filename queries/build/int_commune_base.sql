-- Intermediate: the communes to build (current communes of the départements in param_deps) with their
-- COG 2026 identity, the COG 2023 attributes (AAV 2020) and the chef-lieu point (WGS84).
-- The 2023 row of a commune is its own code, else the 2023 commune now merged into it (smallest code).
-- A commune restored after 2023 (stg_admin__restored_communes) has no 2023 row: it takes only the point
-- of the commune it belonged to, to be placed on the map; its AAV attributes stay NULL.
-- point_lon/point_lat are NULL in régions 01–04, whose source points are insets (int_commune then uses
-- the polygon centroid).
create or replace temp table int_commune_base as
with built as (
    select c.code, c.name, c.population, c.dep_code, c.reg_code, c.zone
    from stg_cog__communes c
    where c.is_current and c.dep_code in (select dep_code from param_deps)
),
attr as (
    select
        m.code,
        g.*,
        case when g.geo_code = m.code then 'chef_lieu_2023' else 'chef_lieu_2023_merged_commune' end as point_source
    from stg_geo2023__communes g
    join int_commune_code_map m on m.from_code = g.geo_code
    where m.code in (select code from built)
    qualify row_number() over (partition by m.code order by g.geo_code = m.code desc, g.geo_code) = 1
),
restored as (
    select r.code, g.point_lon, g.point_lat, g.point_is_inset, 'chef_lieu_2023_former_commune' as point_source
    from stg_admin__restored_communes r
    join stg_geo2023__communes g on g.geo_code = r.parent_code_2023
),
point as (
    select code, point_lon, point_lat, point_is_inset, point_source from attr
    union all
    select code, point_lon, point_lat, point_is_inset, point_source from restored
    where code not in (select code from attr)
)
select
    b.code,
    b.name,
    b.population,
    b.dep_code,
    b.reg_code,
    b.zone,
    a.geo_code as geo2023_code,
    a.aav_code,
    a.aav_category,
    a.aav_class,
    a.aav_size_class,
    case when not p.point_is_inset then p.point_lon end as point_lon,
    case when not p.point_is_inset then p.point_lat end as point_lat,
    case when not p.point_is_inset then p.point_source end as point_source
from built b
left join attr a using (code)
left join point p using (code)
order by b.code
