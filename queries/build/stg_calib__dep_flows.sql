-- Staging (validation only): RP2016 flows between départements of at least 200 commuters
-- (LynhHOANG56/FluxTravail); no intra-département rows.
create or replace temp table stg_calib__dep_flows as
select
    orig as home_dep,
    dest as work_dep,
    cast(fij as double) as workers
from raw_dep_flows
