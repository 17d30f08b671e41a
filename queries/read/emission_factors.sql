-- One row per commute mode: life-cycle and tank-to-wheel kgCO2e per km (car per vehicle-km, other modes
-- per passenger-km), unit, Base Carbone V22 element ids and source. No params.
select mode, label, unit, lifecycle_kg_per_km, ttw_kg_per_km, base_carbone_id, source
from emission_factor
order by mode
