"""Cached access to the database and the model for the pages.

One read-only DuckDB connection per server process (`st.cache_resource`), a fresh cursor per call (a
DuckDB connection is not thread-safe across Streamlit sessions), and bounded result caches
(`st.cache_data(max_entries=…, ttl=…)`) so many visitors cannot grow memory without limit. Cached objects
are never mutated by callers: DataFrames are returned as they are and treated as read-only.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from maillage.data import db
from maillage.data.geometry import screen_geometry
from maillage.data.inputs import load_territory_inputs
from maillage.model.assumptions import assumptions_fingerprint, resolve
from maillage.model.baseline import baseline_totals as model_baseline_totals
from maillage.model.baseline import compute_baseline
from maillage.model.results import Baseline, SimulationResult, TerritoryInputs
from maillage.model.scenario import Scenario
from maillage.model.simulate import simulate

LOG = logging.getLogger("maillage")
# At most this many territories are read from the database or computed at the same time in one server process.
# A région's flows take a few hundred MB while they are read and computed; thirty visitors opening thirty
# régions at the same instant would otherwise hold them all at once. The GIL runs this pandas/numpy work mostly
# one thread at a time anyway, so the queue costs little time; two slots keep both cores busy while DuckDB reads.
# Only leaf computations take a slot (never one that calls another cached function), so no slot waits on another.
HEAVY_AT_ONCE = 2
HEAVY_SLOTS = threading.BoundedSemaphore(HEAVY_AT_ONCE)
DEFAULT_DB = Path(__file__).resolve().parents[3] / "data" / "maillage.duckdb"
CACHE_TTL_S = 3600


# France is a reference in the shared app (its totals are stored by the build), not a territory to simulate:
# its 2.3 million flows took the server 7 s and left 1.3 GB held after one visit (measured before this guard;
# the command line peaks at 1.6 GB), so one curious visitor — or a shared link — could starve every other one.
NOT_SIMULATED_LEVELS = ("france",)
NOT_SIMULATED_FR = (
    "La France entière (près de 35 000 communes, 2,3 millions de flux domicile-travail) ne se simule pas dans "
    "l'application partagée : le calcul prendrait au serveur plusieurs secondes et plus de 1,5 Go de mémoire pour "
    "un seul visiteur. Choisissez une région, un département, une intercommunalité ou une commune. La page "
    "Territoire donne les chiffres de la France entière, et la commande "
    "`maillage simulate --territory france:FR` la simule sur votre propre ordinateur."
)


class NotSimulated(ValueError):
    """A territory the shared app does not read or simulate (France); the message says what to do instead."""

    def __init__(self) -> None:
        super().__init__(NOT_SIMULATED_FR)


def simulable(level: str) -> bool:
    """Whether the app reads and simulates territories of this level (every level but France)."""
    return level not in NOT_SIMULATED_LEVELS


def _require_simulable(level: str) -> None:
    if not simulable(level):
        raise NotSimulated


def db_path() -> Path:
    """The database the app reads: $MAILLAGE_DB, else data/maillage.duckdb beside the project."""
    return Path(os.environ.get("MAILLAGE_DB", str(DEFAULT_DB)))


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    con = db.connect(Path(path), read_only=True)
    expose_duckdb_memory(con)
    return con


class DuckDBMemory:
    """Streamlit stats provider: the memory DuckDB holds (blocks of the file it keeps after reading them, query
    buffers), by DuckDB's own tags, in the ``cache_memory_bytes`` family of ``/_stcore/metrics`` beside
    Streamlit's caches (``cache_type="duckdb"``). Operators and the load test see it without a separate probe.
    ``con`` is the app's connection, replaced when the app opens another one."""

    stats_families = ("cache_memory_bytes",)

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.con = con

    def get_stats(self, family_names: object = None) -> dict[str, list[object]]:
        from streamlit.runtime.stats import CacheStat

        try:
            held = db.run(self.con.cursor(), "duckdb_memory") if self.con is not None else None
        except duckdb.Error:
            held = None
        rows = [] if held is None else zip(held["tag"], held["memory_usage_bytes"], strict=True)
        return {"cache_memory_bytes": [CacheStat("duckdb", str(tag).lower(), int(n)) for tag, n in rows if n]}


_DUCKDB_MEMORY = DuckDBMemory()
_DUCKDB_MEMORY_LOCK = threading.Lock()
_DUCKDB_MEMORY_SERVERS: set[int] = set()  # the Streamlit runtimes the provider is registered with (id)


def expose_duckdb_memory(con: duckdb.DuckDBPyConnection) -> bool:
    """Publish ``con``'s memory through the running Streamlit server (one provider per process, pointed at the
    latest connection); False (logged) when there is no server (tests, scripts) or its statistics API is not the
    one this version knows."""
    _DUCKDB_MEMORY.con = con
    try:
        from streamlit.runtime import Runtime

        runtime = Runtime.instance()
        with _DUCKDB_MEMORY_LOCK:
            if id(runtime) not in _DUCKDB_MEMORY_SERVERS:
                runtime.stats_mgr.register_provider(_DUCKDB_MEMORY)
                _DUCKDB_MEMORY_SERVERS.add(id(runtime))
        return True
    except Exception as exc:  # noqa: BLE001 — a metric must never stop the app from opening its database
        LOG.info("mémoire de DuckDB non publiée dans /_stcore/metrics : %s", exc)
        return False


# Every cached function takes the database path as its first argument, so results read from one database
# are never served for another (the path is fixed in production; tests and tools may switch it).


@st.cache_data(max_entries=512, ttl=CACHE_TTL_S, show_spinner=False)
def _query(db_file: str, name: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    return db.run(_connection(db_file).cursor(), name, **dict(params))


def query(name: str, **params: object) -> pd.DataFrame:
    """Run a named read query (queries/read/<name>.sql) with bound parameters; cached."""
    return _cached_query(str(db_path()), name, **params)


def _cached_query(db_file: str, name: str, **params: object) -> pd.DataFrame:
    return _query(db_file, name, tuple(sorted(params.items())))


@st.cache_data(max_entries=16, ttl=CACHE_TTL_S, show_spinner=False)
def _map_geometry(db_file: str, level: str, code: str) -> pd.DataFrame:
    return screen_geometry(_cached_query(db_file, "territory_geometry", level=level, code=code))


def map_geometry(level: str, code: str) -> pd.DataFrame:
    """The territory's commune outlines as its maps draw them (see geometry.screen_geometry); cached."""
    return _map_geometry(str(db_path()), level, code)


@st.cache_data(max_entries=16, ttl=CACHE_TTL_S, show_spinner=False)
def _territory_inputs(db_file: str, level: str, code: str) -> TerritoryInputs:
    con = _connection(db_file)
    with HEAVY_SLOTS:
        return load_territory_inputs(con.cursor(), level, code)


def territory_inputs(level: str, code: str) -> TerritoryInputs:
    """Everything the model needs for one territory (raises UnknownTerritory for a bad code, NotSimulated for
    France)."""
    _require_simulable(level)
    return _territory_inputs(str(db_path()), level, code)


def _without_flows(baseline: Baseline) -> Baseline:
    """The baseline without its per-flow table, which no page reads: a cached entry stays small (an EPCI's
    result went from 702 kB to a few kB; a région's per-flow table alone is tens of MB), and each cache hit,
    which unpickles the entry, stays cheap."""
    return dataclasses.replace(baseline, per_flow=baseline.per_flow.iloc[0:0])


@st.cache_data(max_entries=64, ttl=CACHE_TTL_S, show_spinner=False)
def _baseline(db_file: str, level: str, code: str, overrides: tuple[tuple[str, float], ...]) -> Baseline:
    inputs = _territory_inputs(db_file, level, code)
    with HEAVY_SLOTS:
        return _without_flows(compute_baseline(inputs, resolve(dict(overrides))))


def baseline(level: str, code: str, overrides: tuple[tuple[str, float], ...] = ()) -> Baseline:
    """The baseline of a territory under the given assumption overrides (per-commune and totals; per_flow empty);
    NotSimulated for France."""
    _require_simulable(level)
    return _baseline(str(db_path()), level, code, overrides)


@st.cache_data(max_entries=256, ttl=CACHE_TTL_S, show_spinner=False)
def _simulation(db_file: str, scenario_json: str) -> SimulationResult:
    scenario = Scenario.from_json(scenario_json)
    inputs = _territory_inputs(db_file, scenario.territory.level, scenario.territory.code)
    with HEAVY_SLOTS:
        result = simulate(scenario, inputs)
        return dataclasses.replace(result, baseline=_without_flows(result.baseline))


def run_simulation(scenario: Scenario) -> SimulationResult:
    """Simulate a scenario (keyed by its canonical JSON so equal scenarios share one cache entry); the result's
    baseline comes without its per-flow table (see _without_flows); NotSimulated for France."""
    _require_simulable(scenario.territory.level)
    return _simulation(str(db_path()), scenario.to_json())


@st.cache_data(max_entries=512, show_spinner=False)
def _baseline_totals(db_file: str, level: str, code: str) -> dict[str, float]:
    # The inputs are read afresh and dropped at once: a département, région or France kept for comparison
    # must not hold its hundreds of thousands of flows in memory, only these few totals.
    con = _connection(db_file).cursor()
    stored = _reference_totals(con, level, code)
    if stored is not None:
        return stored
    with HEAVY_SLOTS:  # a database built before départements and régions were stored: computed here, once
        totals = model_baseline_totals(load_territory_inputs(con, level, code), resolve({}))
        inflow = db.run(con, "territory_inflow", level=level, code=code)
    totals["arriving"] = float(inflow["workers"].sum())  # workers living outside, working inside
    return totals


def _reference_totals(con: duckdb.DuckDBPyConnection, level: str, code: str) -> dict[str, float] | None:
    """Totals stored by the build (France, every département and région), when they were computed with
    today's default assumptions."""
    try:
        rows = db.run(con, "reference_totals", level=level, code=code)
    except duckdb.Error:  # a database built before this table existed
        return None
    if rows.empty or set(rows["assumptions"]) != {assumptions_fingerprint()}:
        return None
    return {str(k): float(v) for k, v in zip(rows["key"], rows["value"], strict=True)}


def baseline_totals(level: str, code: str) -> dict[str, float]:
    """Baseline totals of a territory under the default assumptions (small, cached for the process)."""
    return _baseline_totals(str(db_path()), level, code)
