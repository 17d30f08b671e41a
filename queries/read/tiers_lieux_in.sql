-- One row per known site (Fabrique de territoire, Manufacture de proximité, France services) located in a
-- commune of the territory ($level, $code), with its kind, commune name and WGS84 position.
-- Params: $level, $code.
select s.id, s.kind, s.name, s.commune_code, t.name as commune_name, s.lon, s.lat
from tiers_lieu s
join territory_member m on m.commune_code = s.commune_code
join territory t on t.code = s.commune_code
where m.level = $level and m.code = $code
order by s.kind, s.name, s.id
