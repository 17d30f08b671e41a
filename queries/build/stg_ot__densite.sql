-- Staging: INSEE communal density grid, 7 levels (Observatoire des territoires, COG 2025). density_level
-- is the INSEE level number: 1 grands centres urbains, 2 centres urbains intermédiaires, 3 ceintures
-- urbaines, 4 petites villes, 5 bourgs ruraux, 6 rural à habitat dispersé, 7 rural à habitat très dispersé.
create or replace temp table stg_ot__densite as
select
    insee_com as commune_code,
    trim(niveau_densite) as density_label,
    case trim(niveau_densite)
        when 'Grands centres urbains' then 1
        when 'Centres urbains intermédiaires' then 2
        when 'Ceintures urbaines' then 3
        when 'Petites villes' then 4
        when 'Bourgs ruraux' then 5
        when 'Rural à habitat dispersé' then 6
        when 'Rural à habitat très dispersé' then 7
    end as density_level
from raw_ot_densite
