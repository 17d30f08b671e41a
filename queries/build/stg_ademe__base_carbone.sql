-- Staging: ADEME Base Carbone V22.0, 'Transport de personnes' subset: one row per element ('Elément')
-- or poste line, with its total in kgCO2e per unit (decimal comma converted).
create or replace temp table stg_ademe__base_carbone as
select
    "Identifiant de l'élément" as element_id,
    "Type Ligne" as line_type,
    "Statut de l'élément" as status,
    "Nom base français" as name,
    "Nom attribut français" as attribute,
    "Type poste" as poste_type,
    "Nom poste français" as poste_name,
    "Unité français" as unit,
    try_cast(replace("Total poste non décomposé", ',', '.') as double) as kg_co2e
from raw_base_carbone
