-- Staging: COG 2026 régions (code, name, zone metro/drom/com).
create or replace temp table stg_cog__regions as
select
    code as reg_code,
    nom as reg_name,
    zone
from raw_cog_regions
