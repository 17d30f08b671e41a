-- Intermediate: every commune code a source may use (COG 2018–2026 codes, former codes of merged
-- communes, communes déléguées/associées, municipal arrondissements) → the current commune (COG 2026,
-- metropolitan France + DOM) that holds it today. One row per from_code; the code itself wins when it is
-- still current (this also covers the communes restored after 2023, listed in
-- admin/communes_retablies_2026.csv, whose codes are current again), then anciensCodes, then the commune
-- of an arrondissement. link says which rule applied. Not restricted to the built départements.
create or replace temp table int_commune_code_map as
with current_communes as (
    select code, anciens_codes from stg_cog__communes where is_current
),
candidates as (
    select code as from_code, code, 'current' as link, 1 as priority
    from current_communes
    union all
    select unnest(string_split(anciens_codes, ',')) as from_code, code, 'former' as link, 2 as priority
    from current_communes
    where anciens_codes <> ''
    union all
    select a.code as from_code, a.parent_code as code, 'arrondissement' as link, 3 as priority
    from stg_cog__communes a
    join current_communes c on c.code = a.parent_code
    where a.type = 'arrondissement-municipal'
)
select from_code, code, link
from candidates
where from_code <> ''
qualify row_number() over (partition by from_code order by priority, code) = 1
