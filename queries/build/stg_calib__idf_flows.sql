-- Staging (validation only): Île-de-France commune→commune flows of at least 100 commuters, RP2014
-- base flux layout (cartograflow); Paris split into arrondissements, no own-commune rows.
create or replace temp table stg_calib__idf_flows as
select
    CODGEO as home_code,
    DCLT as work_code,
    cast(NBFLUX_C14_ACTOCC15P as double) as workers
from raw_idf_flows
