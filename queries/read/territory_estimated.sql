-- Whether any figure of the territory ($level, $code) is estimated by Maillage rather than published by
-- INSEE: the economy of one of its communes, or one of the flows leaving from them (the rows
-- load_territory_inputs reads, without reading them: for France, 2.3 million flows). Params: $level, $code.
with members as (
    select commune_code from territory_member where level = $level and code = $code
)
select
    exists (
        select 1 from commune_economy e join territory t on t.code = e.code
        where e.code in (select commune_code from members) and e.source is distinct from 'insee'
    )
    or exists (
        select 1 from commute_flow f
        join territory h on h.code = f.home_code
        join territory w on w.code = f.work_code
        where f.home_code in (select commune_code from members) and f.source is distinct from 'insee'
    ) as estimated
