"""The app's cached simulations: the same figures as the model, without the per-flow table no page reads."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest

from maillage.data.db import connect
from maillage.data.inputs import load_territory_inputs
from maillage.model.scenario import Scenario, TerritoryRef
from maillage.model.simulate import simulate
from maillage.ui import data


def test_cached_simulation_matches_the_model_and_leaves_out_the_flows(fixture_db: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILLAGE_DB", str(fixture_db))
    ref = TerritoryRef.parse("epci:200069052")
    scenario = Scenario(territory=ref)
    scenario = dataclasses.replace(scenario, telework=dataclasses.replace(scenario.telework, adoption_pct=30.0))
    con = connect(fixture_db, read_only=True)
    try:
        direct = simulate(scenario, load_territory_inputs(con, ref.level, ref.code))
    finally:
        con.close()
    cached = data.run_simulation(scenario)
    assert cached.headline == direct.headline
    assert pd.Series(cached.baseline.totals).equals(pd.Series(direct.baseline.totals))  # NaN-aware
    assert cached.baseline.per_commune.equals(direct.baseline.per_commune)
    assert len(direct.baseline.per_flow) > 0
    assert cached.baseline.per_flow.empty
    assert list(cached.baseline.per_flow.columns) == list(direct.baseline.per_flow.columns)
    assert len(pickle.dumps(cached)) < len(pickle.dumps(direct)) / 5


def test_no_more_than_two_territories_are_read_at_once(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thirty visitors opening thirty régions at the same instant must not hold thirty régions' flows at once."""
    import threading
    import time

    monkeypatch.setenv("MAILLAGE_DB", str(fixture_db))
    lock, running, peak = threading.Lock(), [0], [0]
    real = data.load_territory_inputs

    def slow(con, level: str, code: str):  # type: ignore[no-untyped-def]
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            time.sleep(0.2)
            return real(con, level, code)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(data, "load_territory_inputs", slow)
    data._territory_inputs.clear()
    codes = ["90010", "90001", "90002", "90003", "90004", "90006"]
    read: list[str] = []
    threads = [threading.Thread(target=lambda c=c: read.append(data.territory_inputs("commune", c).territory_label))
               for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    data._territory_inputs.clear()
    assert len(read) == len(codes)  # every visitor got its territory
    assert peak[0] == data.HEAVY_AT_ONCE  # never more at once, and not one at a time either


def test_duckdb_memory_grows_with_what_was_read_and_is_never_fatal(fixture_db: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data._DUCKDB_MEMORY, "con", data._DUCKDB_MEMORY.con)  # restored after the test
    # A copy: DuckDB shares one instance, and its blocks, between the connections to one file in a process, so
    # another test's reads of the fixture would already be counted.
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(fixture_db, copy)
    con = connect(copy, read_only=True)
    try:
        def held() -> int:
            stats = data.DuckDBMemory(con).get_stats()["cache_memory_bytes"]
            assert all(s.category_name == "duckdb" and s.byte_length > 0 for s in stats)  # type: ignore[attr-defined]
            return sum(s.byte_length for s in stats)  # type: ignore[attr-defined]

        before = held()
        con.cursor().execute("select * from commute_flow").fetchall()
        assert held() > before  # the flow table's blocks are now held
        assert data.expose_duckdb_memory(con) is False  # no Streamlit server here: logged, not raised
        assert data._DUCKDB_MEMORY.con is con  # the process-wide provider follows the app's latest connection
    finally:
        con.close()
    assert data.DuckDBMemory(con).get_stats() == {"cache_memory_bytes": []}  # closed connection: nothing, no error
    assert data.DuckDBMemory().get_stats() == {"cache_memory_bytes": []}  # no connection yet
