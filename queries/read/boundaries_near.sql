-- One row per département outline around the territory ($level, $code): every département having a
-- commune within the territory's bounding box widened by 0.5° (≈ 40–55 km), with whether it holds part
-- of the territory. rings_json: JSON list of polygons of rings of [lon, lat]. Params: $level, $code.
with members as (
    select t.lon, t.lat, t.dep_code
    from territory_member m join territory t on t.code = m.commune_code
    where m.level = $level and m.code = $code
),
box as (
    select min(lon) - 0.5 as lon_min, max(lon) + 0.5 as lon_max, min(lat) - 0.5 as lat_min, max(lat) + 0.5 as lat_max
    from members
),
near as (
    select distinct t.dep_code
    from territory t, box b
    where t.lon between b.lon_min and b.lon_max and t.lat between b.lat_min and b.lat_max
)
select g.level, g.code, g.name, g.rings_json, g.code in (select dep_code from members) as inside
from boundary_geometry g
where g.level = 'departement' and g.code in (select dep_code from near)
order by g.code
