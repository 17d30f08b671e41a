-- Mart commune_geometry: one row per polygon part of a built commune (IGN Admin Express 2018 shapes
-- mapped to 2026 codes and simplified, or a 10 km² hexagon around the point where no 2018 shape exists).
-- rings_json: JSON list of rings of [lon, lat], the first ring outer.
create or replace table commune_geometry as
select
    code,
    cast(part as integer) as part,
    rings_json,
    geometry_source
from py_commune_geometry
where code in (select code from int_commune)
order by code, part
