-- Memory DuckDB holds in this process, by its own tag (BASE_TABLE: blocks of the file kept after reading them;
-- HASH_TABLE, ORDER_BY…: query buffers), in bytes. For the server's /_stcore/metrics. No parameters.
select tag, memory_usage_bytes from duckdb_memory()
