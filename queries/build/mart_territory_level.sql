-- Mart territory_level: every pickable territory (commune, epci, departement, region,
-- territoire_industrie, france 'FR') that has at least one built commune, with its name, population
-- (sum over its built communes) and parent: commune → EPCI (département when outside any EPCI),
-- EPCI → département holding most of its population, département → région, Territoire d'industrie →
-- région holding most of its population, région → France.
create or replace table territory_level as
with epci_dep as (
    select epci_code, dep_code, sum(population) as population
    from territory
    where epci_code is not null
    group by all
),
ti_reg as (
    select ti_code, reg_code, sum(population) as population
    from territory
    where ti_code is not null
    group by all
),
levels as (
    select 'commune' as level, code, name, population,
           case when epci_code is not null then 'epci' else 'departement' end as parent_level,
           coalesce(epci_code, dep_code) as parent_code
    from territory
    union all
    select 'epci', epci_code, any_value(epci_name), sum(population), 'departement',
           (select arg_max(d.dep_code, (d.population, d.dep_code)) from epci_dep d where d.epci_code = t.epci_code)
    from territory t
    where epci_code is not null
    group by epci_code
    union all
    select 'departement', dep_code, any_value(dep_name), sum(population), 'region', any_value(reg_code)
    from territory
    group by dep_code
    union all
    select 'region', reg_code, any_value(reg_name), sum(population), 'france', 'FR'
    from territory
    group by reg_code
    union all
    select 'territoire_industrie', ti_code, any_value(ti_name), sum(population), 'region',
           (select arg_max(r.reg_code, (r.population, r.reg_code)) from ti_reg r where r.ti_code = t.ti_code)
    from territory t
    where ti_code is not null
    group by ti_code
    union all
    select 'france', 'FR', 'France', sum(population), null, null
    from territory
)
select
    level,
    code,
    name,
    parent_level,
    parent_code,
    cast(population as bigint) as population,
    lower(strip_accents(replace(replace(replace(name, '-', ' '), '''', ' '), '’', ' '))) as name_search
from levels
order by level, code
