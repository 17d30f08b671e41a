-- Staging: communes restored after 2023 (hand-written from the COG history): the 2023 commune each
-- belonged to, whose point stands in for theirs.
create or replace temp table stg_admin__restored_communes as
select
    code,
    name,
    parent_code_2023,
    note
from raw_restored_communes
