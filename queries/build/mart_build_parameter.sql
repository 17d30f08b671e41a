-- Mart build_parameter: every parameter of the build (maillage.data.params: value, plausible range, unit,
-- source, year) plus the values fitted by the build (decay_gamma_fitted, …).
create or replace table build_parameter as
select
    name,
    cast(value as double) as value,
    cast(low as double) as low,
    cast(high as double) as high,
    unit,
    source,
    cast(year as integer) as year
from py_build_parameter
