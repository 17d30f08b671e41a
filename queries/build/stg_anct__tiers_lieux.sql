-- Staging: the ANCT sites, one row each: Fabriques de territoire and Manufactures de proximité (placed
-- on their commune) and France services (address point). Sites without a position are left out.
create or replace temp table stg_anct__tiers_lieux as
select id_territoire as id, 'fabrique_de_territoire' as kind, trim(lib_territoire) as name,
       id_geo as commune_code_raw, lon, lat
from raw_fabriques
where lon is not null and lat is not null
union all
select id_territoire, 'manufacture_de_proximite', trim(lib_territoire), id_geo, lon, lat
from raw_manufactures
where lon is not null and lat is not null
union all
select 'fs-' || id_fs, 'france_services', trim(lib_fs), insee_com,
       try_cast(longitude as double), try_cast(latitude as double)
from raw_france_services
where try_cast(longitude as double) is not null and try_cast(latitude as double) is not null
