-- Staging: Territoires d'industrie 2023 (ANCT), one row per (territory, member commune) read from
-- liste_geo ("Name (INSEE code)" items); codes are those of the source and are mapped to 2026 codes later.
create or replace temp table stg_anct__ti_communes as
with listed as (
    select
        id_territoire as ti_code,
        lib_territoire as ti_name,
        regexp_extract_all(liste_geo, '\((\w{5})\)', 1) as codes
    from raw_ti_communes
)
select distinct ti_code, ti_name, unnest(codes) as commune_code_raw
from listed
