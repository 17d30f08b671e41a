-- Intermediate: one row per built commune with everything the marts and the flow model need: identity,
-- EPCI, typologies (AAV, density, centrality), Territoire d'industrie, WGS84 position and area.
-- Position: the 2023 chef-lieu point, else (DOM insets) the area-weighted centroid of the 2018 polygons.
-- Area: spherical area of the 2018 polygons (py_commune_shape); a commune without a polygon of its own
-- gets the fallback hexagon's area (build parameter fallback_area_km2).
-- Territoire d'industrie: liste_geo codes mapped to 2026 codes; a commune in two keeps the smaller code.
create or replace temp table int_commune as
with epci as (
    select commune_code as code, min(epci_code) as epci_code, min(epci_name) as epci_name
    from stg_cog__epci
    group by commune_code
),
ti as (
    select m.code, t.ti_code, t.ti_name
    from stg_anct__ti_communes t
    join int_commune_code_map m on m.from_code = t.commune_code_raw
    qualify row_number() over (partition by m.code order by t.ti_code) = 1
),
fallback as (
    select value as area_km2 from py_build_parameter where name = 'fallback_area_km2'
)
select
    b.code,
    b.name,
    b.population,
    b.dep_code,
    b.reg_code,
    b.zone,
    e.epci_code,
    e.epci_name,
    b.aav_code,
    b.aav_category,
    b.aav_class,
    b.aav_size_class,
    d.density_level,
    c.centrality_level,
    t.ti_code,
    t.ti_name,
    coalesce(b.point_lon, s.centroid_lon) as lon,
    coalesce(b.point_lat, s.centroid_lat) as lat,
    case when b.point_lon is not null then b.point_source when s.centroid_lon is not null then 'polygon_centroid' end
        as position_source,
    coalesce(s.area_km2, (select area_km2 from fallback)) as area_km2
from int_commune_base b
left join py_commune_shape s using (code)
left join epci e using (code)
left join ti t using (code)
left join stg_ot__densite d on d.commune_code = b.code
left join stg_ot__centralite c on c.commune_code = b.code
order by b.code
