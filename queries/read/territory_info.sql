-- One row (or none for an unknown code): the territory ($level, $code) with its name, population, parent,
-- the département and région holding most of its population (for comparisons; NULL for France), its
-- number of communes, area (km²) and population-weighted centre (WGS84). Params: $level, $code.
with members as (
    select t.*
    from territory_member m join territory t on t.code = m.commune_code
    where m.level = $level and m.code = $code
),
dep_pop as (
    select dep_code, reg_code, sum(population) as pop from members group by dep_code, reg_code
),
summary as (
    select
        count(*) as n_communes,
        sum(area_km2) as area_km2,
        sum(lon * greatest(population, 1)) / sum(greatest(population, 1)) as lon,
        sum(lat * greatest(population, 1)) / sum(greatest(population, 1)) as lat,
        min(lon) as lon_min, max(lon) as lon_max, min(lat) as lat_min, max(lat) as lat_max
    from members
)
select
    l.level, l.code, l.name, l.population, l.parent_level, l.parent_code,
    case when l.level = 'france' then null else (select arg_max(dep_code, pop) from dep_pop) end as dep_code,
    case when l.level = 'france' then null else (select arg_max(reg_code, pop) from dep_pop) end as reg_code,
    s.n_communes, s.area_km2, s.lon, s.lat, s.lon_min, s.lon_max, s.lat_min, s.lat_max
from territory_level l, summary s
where l.level = $level and l.code = $code
