-- Staging: RP2022 employed residents per commune (INSEE base-cc-caract_emp-2022 via
-- bilan-mobilites-communal): total, six main commute modes and own-commune workers (sur_place22).
-- Source codes kept (Paris and Marseille appear beside their arrondissements).
create or replace temp table stg_insee__parts_modales as
select
    commune as commune_code_raw,
    try_cast(actifs22 as double) as employed,
    try_cast(sur_place22 as double) as internal,
    try_cast(voiture22 as double) as mode_car,
    try_cast(tc22 as double) as mode_pt,
    try_cast(velo22 as double) as mode_bike,
    try_cast(marche22 as double) as mode_walk,
    try_cast(drm22 as double) as mode_two_wheeler,
    try_cast(aucun22 as double) as mode_none
from raw_parts_modales
