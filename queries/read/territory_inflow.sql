-- One row per flow arriving in the territory ($level, $code) from a home commune outside it: workers,
-- one-way road km, car minutes and names. Params: $level, $code.
with members as (
    select commune_code from territory_member where level = $level and code = $code
)
select
    f.home_code, h.name as home_name, f.work_code, w.name as work_name, f.workers, f.road_km,
    f.car_minutes, f.source
from commute_flow f
join territory h on h.code = f.home_code
join territory w on w.code = f.work_code
where f.work_code in (select commune_code from members)
  and f.home_code not in (select commune_code from members)
order by f.workers desc, f.home_code, f.work_code
