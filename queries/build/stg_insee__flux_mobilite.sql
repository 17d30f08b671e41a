-- Staging: official INSEE base flux de mobilité domicile-lieu de travail (when present in data/raw/insee/;
-- empty otherwise): home commune, work commune (source codes, arrondissements and abroad included), workers.
create or replace temp table stg_insee__flux_mobilite as
select
    trim(CODGEO) as home_code_raw,
    trim(DCLT) as work_code_raw,
    try_cast(NBFLUX as double) as workers
from raw_insee_flux_mobilite
where try_cast(NBFLUX as double) > 0
