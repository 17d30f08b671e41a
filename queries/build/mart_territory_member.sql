-- Mart territory_member: (level, territory code, member commune) for every level: the commune itself,
-- its EPCI (none for the few island communes outside any EPCI), département, région, Territoire
-- d'industrie (when it belongs to one) and France ('FR').
create or replace table territory_member as
select 'commune' as level, code, code as commune_code from territory
union all
select 'epci', epci_code, code from territory where epci_code is not null
union all
select 'departement', dep_code, code from territory
union all
select 'region', reg_code, code from territory
union all
select 'territoire_industrie', ti_code, code from territory where ti_code is not null
union all
select 'france', 'FR', code from territory
order by level, code, commune_code
