-- One row per commune of the territory ($level, $code): identity, typology, WGS84 position, area and its
-- economy (employed residents, jobs, job-seekers, PCS, teleworkable/presence shares, modes, sources).
-- Params: $level, $code.
select
    t.code, t.name, t.population, t.epci_code, t.epci_name, t.dep_code, t.reg_code, t.aav_category,
    t.aav_size_class, t.density_level, t.centrality_level, t.ti_code, t.lon, t.lat, t.area_km2,
    e.* exclude (code)
from territory_member m
join territory t on t.code = m.commune_code
join commune_economy e on e.code = t.code
where m.level = $level and m.code = $code
order by t.code
