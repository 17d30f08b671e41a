"""Shared fixtures: the small fixture database built from the real open data of a few départements."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DEPS = ["90", "25", "70", "39", "23"]


@pytest.fixture(scope="session")
def fixture_db() -> Path:
    """Path to the fixture DuckDB (built by `make test` beforehand, or here if missing)."""
    env = os.environ.get("MAILLAGE_TEST_DB")
    path = Path(env) if env else ROOT / "tests" / ".cache" / "fixture.duckdb"
    if not path.exists():
        from maillage.data.build import build

        path.parent.mkdir(parents=True, exist_ok=True)
        build(path, ROOT / "data" / "raw", deps=FIXTURE_DEPS, verbose=False)
    return path
