-- One row per polygon part of each commune of the territory ($level, $code): rings_json is a JSON list of
-- rings of [lon, lat] (WGS84; first ring outer), ready for a pydeck PolygonLayer. Params: $level, $code.
select g.code, t.name, g.part, g.rings_json
from territory_member m
join commune_geometry g on g.code = m.commune_code
join territory t on t.code = g.code
where m.level = $level and m.code = $code
order by g.code, g.part
