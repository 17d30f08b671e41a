-- One row per commune that is the work end of a flow leaving from the territory ($level, $code), inside
-- or outside it: jobs, presence-based share, position, workers coming from the territory.
-- Params: $level, $code.
with members as (
    select commune_code from territory_member where level = $level and code = $code
),
arriving as (
    select work_code as code, sum(workers) as workers_from_territory
    from commute_flow
    where home_code in (select commune_code from members)
    group by work_code
)
select
    t.code, t.name, e.jobs, e.presential_share, t.lon, t.lat, a.workers_from_territory,
    t.code in (select commune_code from members) as inside
from arriving a
join territory t using (code)
join commune_economy e using (code)
order by a.workers_from_territory desc, t.code
