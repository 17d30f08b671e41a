-- Mart commute_flow: one row per home→work commune pair, own-commune rows included: workers, one-way
-- road km, car minutes, mode shares (sum to 1) and source, from the Python flow step (official INSEE
-- flows when present, else the gravity model; docs/method.md §3). Sorted by home commune.
create or replace table commute_flow as
select
    home_code,
    work_code,
    cast(workers as double) as workers,
    cast(road_km as double) as road_km,
    cast(car_minutes as double) as car_minutes,
    cast(share_car as double) as share_car,
    cast(share_pt as double) as share_pt,
    cast(share_bike as double) as share_bike,
    cast(share_walk as double) as share_walk,
    cast(share_two_wheeler as double) as share_two_wheeler,
    cast(share_none as double) as share_none,
    source
from py_commute_flow
order by home_code, work_code
