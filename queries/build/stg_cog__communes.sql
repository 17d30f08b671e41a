-- Staging: COG 2026 commune records (Etalab decoupage-administratif 6.0.0), one row per record: current
-- communes, communes déléguées/associées and municipal arrondissements. is_current marks the communes the
-- build keeps: type 'commune-actuelle' in metropolitan France or a DOM (the COM are left out).
create or replace temp table stg_cog__communes as
select
    code,
    nom as name,
    type,
    zone,
    departement as dep_code,
    region as reg_code,
    commune as parent_code,
    cast(population as bigint) as population,
    coalesce(anciens_codes, '') as anciens_codes,
    type = 'commune-actuelle' and zone in ('metro', 'drom') as is_current
from raw_cog_communes
