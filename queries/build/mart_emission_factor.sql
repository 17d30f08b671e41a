-- Mart emission_factor: one row per commute mode, life-cycle and tank-to-wheel kgCO2e per km from
-- ADEME Base Carbone V22.0 (docs/method.md §4):
-- - car (per vehicle-km): 27970 total; TTW = its 'Carburant (amont/combustion)' poste × the mean
--   combustion ÷ (upstream + combustion) share of the petrol (27965) and diesel (27966) cars;
-- - pt (per passenger-km): blend of bus < 100k inhabitants (27998), TER 2019 (28146) and metro/tram/
--   trolleybus outside IDF 100–250k (28150) with the pt_weight_* build parameters; bus TTW = its fuel poste
--   × the combustion share of the diesel bus 28004; TER and tram combustion = 0;
-- - two_wheeler: motorbike ≤ 250 cm³ (27992) total and its 'Combustion' poste;
-- - bike, walk, none: 0.
create or replace table emission_factor as
with bc as (
    select * from stg_ademe__base_carbone
),
element as (
    select element_id, any_value(kg_co2e) as total, any_value(unit) as unit
    from bc where line_type = 'Elément' group by element_id
),
poste as (
    select element_id, poste_type, sum(kg_co2e) as kg
    from bc where line_type = 'Poste' group by element_id, poste_type
),
combustion_share as (
    select element_id,
           sum(kg) filter (where poste_type = 'Combustion')
           / sum(kg) filter (where poste_type in ('Amont', 'Combustion')) as share
    from poste group by element_id
),
weight as (
    select
        max(value) filter (where name = 'pt_weight_bus') as bus,
        max(value) filter (where name = 'pt_weight_ter') as ter,
        max(value) filter (where name = 'pt_weight_tram') as tram
    from py_build_parameter
),
car as (
    select
        (select total from element where element_id = '27970') as lifecycle,
        (select kg from poste where element_id = '27970' and poste_type = 'Carburant (amont/combustion)')
        * (select avg(share) from combustion_share where element_id in ('27965', '27966')) as ttw,
        (select unit from element where element_id = '27970') as unit
),
pt as (
    select
        w.bus * (select total from element where element_id = '27998')
        + w.ter * (select total from element where element_id = '28146')
        + w.tram * (select total from element where element_id = '28150') as lifecycle,
        w.bus * (select kg from poste where element_id = '27998' and poste_type = 'Carburant (amont/combustion)')
        * (select share from combustion_share where element_id = '28004')
        + w.ter * coalesce((select kg from poste where element_id = '28146' and poste_type = 'Combustion'), 0)
        + w.tram * coalesce((select kg from poste where element_id = '28150' and poste_type = 'Combustion'), 0) as ttw,
        (select unit from element where element_id = '27998') as unit
    from weight w
),
two_wheeler as (
    select
        (select total from element where element_id = '27992') as lifecycle,
        (select kg from poste where element_id = '27992' and poste_type = 'Combustion') as ttw,
        (select unit from element where element_id = '27992') as unit
)
select 'car' as mode, 'Voiture, motorisation moyenne (par véhicule.km)' as label, unit, lifecycle as lifecycle_kg_per_km,
       ttw as ttw_kg_per_km, '27970 (TTW share from 27965, 27966)' as base_carbone_id,
       'ADEME Base Carbone V22.0, Transport de personnes' as source
from car
union all
select 'pt', 'Transports en commun : bus (agglomération < 100 000 hab.), TER, métro/tramway/trolleybus', unit,
       lifecycle, ttw, '27998, 28146, 28150 (bus TTW share from 28004)',
       'ADEME Base Carbone V22.0, Transport de personnes, weighted by the pt_weight_* build parameters'
from pt
union all
select 'two_wheeler', 'Deux-roues motorisé, moto ≤ 250 cm³', unit, lifecycle, ttw, '27992',
       'ADEME Base Carbone V22.0, Transport de personnes'
from two_wheeler
union all
select 'bike', 'Vélo (musculaire)', 'kgCO2e/passager.km', 0.0, 0.0, null, 'sans émission directe'
union all
select 'walk', 'Marche', 'kgCO2e/passager.km', 0.0, 0.0, null, 'sans émission'
union all
select 'none', 'Pas de déplacement (travail à domicile)', 'kgCO2e/passager.km', 0.0, 0.0, null, 'sans déplacement'
