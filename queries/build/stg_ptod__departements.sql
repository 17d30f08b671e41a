-- Staging: ptod observatory ratios per département and for France (code 00FR, is_france): unemployment
-- rate 15–64 (%), cadres and ouvriers shares of the population (%).
create or replace temp table stg_ptod__departements as
select
    code,
    libelle as name,
    code = '00FR' as is_france,
    cast(soc_txchom_1564_22 as double) as unemployment_pct,
    cast(dsp_csp_cadres_pct_22 as double) as managers_pct,
    cast(dsp_csp_ouvriers_pct_22 as double) as blue_pct
from raw_ptod_dep
