-- Staging: EPCI à fiscalité propre 2026 (DGCL via Etalab), one row per (EPCI, member commune).
create or replace temp table stg_cog__epci as
select
    epci_code,
    epci_name,
    epci_type,
    commune_code
from raw_cog_epci
