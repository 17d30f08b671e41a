-- Staging: official INSEE base-cc-emploi-pop-active (when present; empty otherwise): jobs at the place of
-- work, unemployed 15–64 and jobs by socio-professional group GS1–GS6.
create or replace temp table stg_insee__emploi_pop_active as
select
    trim(CODGEO) as commune_code_raw,
    try_cast(P_EMPLT as double) as jobs,
    try_cast(P_CHOM1564 as double) as job_seekers,
    try_cast(C_EMPLT_GS1 as double) as gs1,
    try_cast(C_EMPLT_GS2 as double) as gs2,
    try_cast(C_EMPLT_GS3 as double) as gs3,
    try_cast(C_EMPLT_GS4 as double) as gs4,
    try_cast(C_EMPLT_GS5 as double) as gs5,
    try_cast(C_EMPLT_GS6 as double) as gs6
from raw_insee_emploi_pop_active
