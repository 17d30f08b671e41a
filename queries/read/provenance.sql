-- One row per raw open-data file used by the build: producer, vintage, licence, sha256, rows,
-- description and source address. No params.
select file, producer, vintage, licence, sha256, rows, description, source_url
from provenance
order by file
