"""Cached access to the database and the model for the pages.

One read-only DuckDB connection per server process (`st.cache_resource`), a fresh cursor per call (a
DuckDB connection is not thread-safe across Streamlit sessions), and bounded result caches
(`st.cache_data(max_entries=…, ttl=…)`) so many visitors cannot grow memory without limit. Cached objects
are never mutated by callers: DataFrames are returned as they are and treated as read-only.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from maillage.data import db
from maillage.data.inputs import load_territory_inputs
from maillage.model.assumptions import resolve
from maillage.model.baseline import compute_baseline
from maillage.model.results import Baseline, SimulationResult, TerritoryInputs
from maillage.model.scenario import Scenario
from maillage.model.simulate import simulate

LOG = logging.getLogger("maillage")
DEFAULT_DB = Path(__file__).resolve().parents[3] / "data" / "maillage.duckdb"
CACHE_TTL_S = 3600


def db_path() -> Path:
    """The database the app reads: $MAILLAGE_DB, else data/maillage.duckdb beside the project."""
    return Path(os.environ.get("MAILLAGE_DB", str(DEFAULT_DB)))


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return db.connect(Path(path), read_only=True)


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the shared read-only connection (raises db.DatabaseError with a French message)."""
    return _connection(str(db_path())).cursor()


@st.cache_data(max_entries=512, ttl=CACHE_TTL_S, show_spinner=False)
def query(name: str, **params: object) -> pd.DataFrame:
    """Run a named read query (queries/read/<name>.sql) with bound parameters; cached."""
    return db.run(cursor(), name, **params)


@st.cache_data(max_entries=64, ttl=CACHE_TTL_S, show_spinner=False)
def territory_inputs(level: str, code: str) -> TerritoryInputs:
    """Everything the model needs for one territory (raises UnknownTerritory for a bad code)."""
    return load_territory_inputs(cursor(), level, code)


@st.cache_data(max_entries=64, ttl=CACHE_TTL_S, show_spinner=False)
def baseline(level: str, code: str, overrides: tuple[tuple[str, float], ...] = ()) -> Baseline:
    """The baseline of a territory under the given assumption overrides."""
    return compute_baseline(territory_inputs(level, code), resolve(dict(overrides)))


@st.cache_data(max_entries=256, ttl=CACHE_TTL_S, show_spinner=False)
def simulation(scenario_json: str) -> SimulationResult:
    """Simulate a scenario (keyed by its canonical JSON so equal scenarios share one cache entry)."""
    scenario = Scenario.from_json(scenario_json)
    inputs = territory_inputs(scenario.territory.level, scenario.territory.code)
    return simulate(scenario, inputs)


def run_simulation(scenario: Scenario) -> SimulationResult:
    return simulation(scenario.to_json())
