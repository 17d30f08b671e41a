-- Benchmark reference only: the bare cost of one pass over a territory's flows in DuckDB
-- (workers × one-way road km and car minutes, summed). The model's run time is compared with this.
-- Params: $level, $code.
select
    count(*) as flows,
    sum(f.workers) as workers,
    sum(f.workers * f.road_km) as worker_km,
    sum(f.workers * f.car_minutes * f.share_car) as car_worker_minutes
from commute_flow f
where f.home_code in (select commune_code from territory_member where level = $level and code = $code)
