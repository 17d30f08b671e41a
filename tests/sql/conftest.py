"""Fixtures for the data-layer tests: a read-only connection on the fixture DB, writable copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from maillage.data import db


@pytest.fixture(scope="session")
def con(fixture_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection on the fixture database (départements 90, 25, 70, 39, 23)."""
    c = db.connect(fixture_db, read_only=True)
    yield c
    c.close()


@pytest.fixture()
def writable_copy(fixture_db: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of the fixture database, to plant bad rows in."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, path)
    c = duckdb.connect(str(path))
    yield c
    c.close()
