-- Staging (validation only): Val-d'Oise commune profiles (RP2022 fichier détail, DDT95): employed
-- residents, own-commune workers and the top 8 work destinations by rank.
create or replace temp table stg_calib__ddt95_destinations as
select
    home_code,
    residents,
    local,
    rank,
    dest_code,
    workers
from raw_ddt95_profiles
