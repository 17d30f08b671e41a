-- Staging: ANCT centrality grid of equipment and services (Observatoire des territoires, COG 2025).
-- centrality_level: 1 centre majeur, 2 structurant, 3 intermédiaire, 4 local, 5 commune non centre;
-- NULL where the source says ' - undefined'.
create or replace temp table stg_ot__centralite as
select
    insee_com as commune_code,
    trim(niveau_centralite) as centrality_label,
    case trim(niveau_centralite)
        when 'Centre majeur d''équipements et de services' then 1
        when 'Centre structurant d''équipements et de services' then 2
        when 'Centre intermédiaire d''équipements et de services' then 3
        when 'Centre local d''équipements et de services' then 4
        when 'Communes non centre' then 5
    end as centrality_level
from raw_ot_centralite
