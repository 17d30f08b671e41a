-- Mart calibration: one row per fit metric of the commute flows (model value, target, gap = model −
-- target, tolerance, unit, ok, enforced, number of observations, source of the target), computed by
-- maillage.data.calibration in the flow step.
create or replace table calibration as
select
    metric,
    cast(model_value as double) as model_value,
    cast(target as double) as target,
    cast(gap as double) as gap,
    cast(tolerance as double) as tolerance,
    unit,
    cast(ok as boolean) as ok,
    cast(enforced as boolean) as enforced,
    cast(n_obs as bigint) as n_obs,
    source
from py_calibration
order by metric
