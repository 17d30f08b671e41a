-- Mart provenance: one row per committed raw file, as listed in data/raw/sources.toml (producer, vintage,
-- licence, sha256, rows, description, source address).
create or replace table provenance as
select
    file,
    producer,
    vintage,
    licence,
    sha256,
    cast(rows as bigint) as rows,
    description,
    source_url
from py_sources
order by file
