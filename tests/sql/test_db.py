"""db.connect refuses missing, corrupt or incomplete databases in French; db.run validates names and params."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from maillage.data import db


def test_missing_database_names_the_rebuild_command(tmp_path: Path) -> None:
    with pytest.raises(db.DatabaseError, match="introuvable.*make data"):
        db.connect(tmp_path / "absent.duckdb")


def test_corrupt_database_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(db.DatabaseError, match="illisible.*make data"):
        db.connect(bad)


def test_incomplete_database_lists_missing_tables(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).execute("create table territory (code varchar)").close()
    with pytest.raises(db.DatabaseError, match="incomplète.*commute_flow"):
        db.connect(path)


def test_run_rejects_unknown_or_unsafe_names(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="inconnue"):
        db.run(con, "no_such_query")
    with pytest.raises(ValueError, match="invalide"):
        db.run(con, "../build/mart_territory")


def test_run_requires_exactly_the_query_parameters(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="paramètres"):
        db.run(con, "territory_info", level="commune")
    with pytest.raises(ValueError, match="paramètres"):
        db.run(con, "provenance", level="commune")


def test_parameters_are_bound_not_formatted(con: duckdb.DuckDBPyConnection) -> None:
    evil = "90010' or '1'='1"
    assert db.run(con, "territory_info", level="commune", code=evil).empty
