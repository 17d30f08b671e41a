-- One row per home→work flow whose home commune is in the territory ($level, $code), work commune
-- anywhere (own-commune rows included), with both names and whether the work end is inside.
-- Params: $level, $code.
with members as (
    select commune_code from territory_member where level = $level and code = $code
)
select
    f.home_code, f.work_code, f.workers, f.road_km, f.car_minutes,
    f.share_car, f.share_pt, f.share_bike, f.share_walk, f.share_two_wheeler, f.share_none, f.source,
    h.name as home_name, w.name as work_name,
    f.work_code in (select commune_code from members) as work_inside
from commute_flow f
join territory h on h.code = f.home_code
join territory w on w.code = f.work_code
where f.home_code in (select commune_code from members)
order by f.home_code, f.work_code
