-- Staging: COG 2026 départements (code, name, région, zone metro/drom/com).
create or replace temp table stg_cog__departements as
select
    code as dep_code,
    nom as dep_name,
    region as reg_code,
    zone
from raw_cog_departements
