-- Staging: ptod observatory ratios per EPCI (RP2022): jobs per 100 employed residents 15–64 and
-- presence-based share of jobs 2023 (%). The France row (00FR) is left out.
create or replace temp table stg_ptod__epci as
select
    code as epci_code,
    libelle as name,
    cast(eco_ratio_emplt_actoc_22 as double) as jobs_ratio,
    cast(eco_emp_pres_pct_23 as double) as presential_pct
from raw_ptod_epci
where code <> '00FR'
