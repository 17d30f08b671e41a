-- Staging: ptod observatory ratios for communes of 5,000 inhabitants or more (RP2022): jobs per 100
-- employed residents 15–64, unemployment rate 15–64 (%), cadres and ouvriers shares of the population
-- (%), presence-based share of jobs 2023 (%).
create or replace temp table stg_ptod__communes as
select
    code,
    libelle as name,
    cast(eco_ratio_emplt_actoc_22 as double) as jobs_ratio,
    cast(soc_txchom_1564_22 as double) as unemployment_pct,
    cast(dsp_csp_cadres_pct_22 as double) as managers_pct,
    cast(dsp_csp_ouvriers_pct_22 as double) as blue_pct,
    cast(eco_emp_pres_pct_23 as double) as presential_pct
from raw_ptod_communes
where code <> '00FR'
