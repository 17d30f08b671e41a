-- One row per fit metric of the commute flows: model value, target, gap, tolerance, unit, ok, number of
-- observations and source of the target. No params.
select metric, model_value, target, gap, tolerance, unit, ok, enforced, n_obs, source
from calibration
order by metric
