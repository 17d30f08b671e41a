-- Mart boundary_geometry: outline of each built département and région (2018 shapes, simplified; a DOM
-- région uses its département's outline). rings_json: JSON list of polygons of rings of [lon, lat].
create or replace table boundary_geometry as
select level, code, name, rings_json
from py_boundary_geometry
where (level = 'departement' and code in (select dep_code from int_commune))
   or (level = 'region' and code in (select reg_code from int_commune))
order by level, code
