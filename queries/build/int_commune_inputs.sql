-- Intermediate: the inputs of the economy estimate (maillage.data.economy.commune_economy), one row per
-- built commune. Counts are real where a source has them, NULL otherwise (the Python step estimates them):
-- - employed residents, own-commune workers and the six modes: official base-cc-caract_emp when present,
--   else RP2022 parts_modales; source rows are mapped to 2026 codes and added up, arrondissement rows
--   only when the whole commune has no row of its own (Paris and Marseille appear both ways);
-- - ptod ratios: jobs per 100 employed (commune ≥ 5,000, EPCI), unemployment rate (commune, département,
--   France), cadres/ouvriers % (commune, else département; France for the scaling), presence-based
--   share of jobs (commune, else EPCI, else national: presential_origin);
-- - official base-cc-emploi-pop-active when present: jobs, job-seekers, jobs by GS1–GS6.
create or replace temp table int_commune_inputs as
with commune as (
    select code, population, dep_code, epci_code, density_level, centrality_level, aav_class
    from int_commune
),
pm_rows as (
    select m.code, m.link, p.*
    from stg_insee__parts_modales p
    join int_commune_code_map m on m.from_code = p.commune_code_raw
    where m.code in (select code from commune)
),
pm as (
    select
        code, sum(employed) as employed, sum(internal) as internal, sum(mode_car) as mode_car,
        sum(mode_pt) as mode_pt, sum(mode_bike) as mode_bike, sum(mode_walk) as mode_walk,
        sum(mode_two_wheeler) as mode_two_wheeler, sum(mode_none) as mode_none
    from pm_rows
    where link <> 'arrondissement'
       or code not in (select code from pm_rows where link <> 'arrondissement')
    group by code
),
ce_rows as (
    select m.code, m.link, o.*
    from stg_insee__caract_emp o
    join int_commune_code_map m on m.from_code = o.commune_code_raw
    where m.code in (select code from commune)
),
ce as (
    select
        code, sum(employed) as employed, sum(internal) as internal, sum(mode_car) as mode_car,
        sum(mode_pt) as mode_pt, sum(mode_bike) as mode_bike, sum(mode_walk) as mode_walk,
        sum(mode_two_wheeler) as mode_two_wheeler, sum(mode_none) as mode_none
    from ce_rows
    where link <> 'arrondissement'
       or code not in (select code from ce_rows where link <> 'arrondissement')
    group by code
),
epa_rows as (
    select m.code, m.link, o.*
    from stg_insee__emploi_pop_active o
    join int_commune_code_map m on m.from_code = o.commune_code_raw
    where m.code in (select code from commune)
),
epa as (
    select
        code, sum(jobs) as jobs, sum(job_seekers) as job_seekers, sum(gs1) as gs1, sum(gs2) as gs2,
        sum(gs3) as gs3, sum(gs4) as gs4, sum(gs5) as gs5, sum(gs6) as gs6
    from epa_rows
    where link <> 'arrondissement'
       or code not in (select code from epa_rows where link <> 'arrondissement')
    group by code
),
france as (
    select unemployment_pct, managers_pct, blue_pct from stg_ptod__departements where is_france
)
select
    c.code,
    cast(c.population as double) as population,
    c.dep_code,
    c.epci_code,
    c.density_level,
    c.centrality_level,
    c.aav_class,
    case when ce.code is not null then ce.employed else pm.employed end as employed_residents,
    case when ce.code is not null then ce.internal else pm.internal end as workers_in_commune,
    case when ce.code is not null then ce.mode_car else pm.mode_car end as mode_car,
    case when ce.code is not null then ce.mode_pt else pm.mode_pt end as mode_pt,
    case when ce.code is not null then ce.mode_bike else pm.mode_bike end as mode_bike,
    case when ce.code is not null then ce.mode_walk else pm.mode_walk end as mode_walk,
    case when ce.code is not null then ce.mode_two_wheeler else pm.mode_two_wheeler end as mode_two_wheeler,
    case when ce.code is not null then ce.mode_none else pm.mode_none end as mode_none,
    case when ce.code is not null then 'insee_caract_emp' when pm.employed is not null then 'rp2022_parts_modales' end
        as residents_origin,
    pc.jobs_ratio as ratio_commune,
    pe.jobs_ratio as ratio_epci,
    pc.unemployment_pct as unemployment_commune,
    pd.unemployment_pct as unemployment_dep,
    f.unemployment_pct as unemployment_fr,
    coalesce(pc.managers_pct, pd.managers_pct) as managers_pct,
    coalesce(pc.blue_pct, pd.blue_pct) as blue_pct,
    f.managers_pct as managers_fr,
    f.blue_pct as blue_fr,
    coalesce(pc.presential_pct, pe.presential_pct) as presential_pct,
    case
        when pc.presential_pct is not null then 'commune'
        when pe.presential_pct is not null then 'epci'
        else 'national'
    end as presential_origin,
    epa.jobs as jobs_official,
    epa.job_seekers as job_seekers_official,
    epa.gs1, epa.gs2, epa.gs3, epa.gs4, epa.gs5, epa.gs6
from commune c
cross join france f
left join pm using (code)
left join ce using (code)
left join epa using (code)
left join stg_ptod__communes pc on pc.code = c.code
left join stg_ptod__epci pe on pe.epci_code = c.epci_code
left join stg_ptod__departements pd on pd.code = c.dep_code and not pd.is_france
order by c.code
