-- Staging: official INSEE base-cc-caract_emp (when present; empty otherwise): employed residents 15+,
-- those working in their commune of residence (ILT1) and the six main commute modes.
create or replace temp table stg_insee__caract_emp as
select
    trim(CODGEO) as commune_code_raw,
    try_cast(P_ACTOCC15P as double) as employed,
    try_cast(P_ACTOCC15P_ILT1 as double) as internal,
    try_cast(P_ACTOCC15P_VOITURE as double) as mode_car,
    try_cast(P_ACTOCC15P_COMMUN as double) as mode_pt,
    try_cast(P_ACTOCC15P_VELO as double) as mode_bike,
    try_cast(P_ACTOCC15P_MARCHE as double) as mode_walk,
    try_cast(P_ACTOCC15P_2ROUESMOT as double) as mode_two_wheeler,
    try_cast(P_ACTOCC15P_PASTRANS as double) as mode_none
from raw_insee_caract_emp
