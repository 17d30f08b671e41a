"""The build: raw files and their manifest, the plan, the marts' invariants, determinism and atomicity."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import duckdb
import pytest

from maillage.data import build as build_mod
from maillage.data.build import BUILD_SQL, DEFAULT_RAW, build, plan

ROOT = Path(__file__).resolve().parents[2]


def test_sources_toml_lists_every_raw_file_with_its_sha256() -> None:
    files = tomllib.loads((DEFAULT_RAW / "sources.toml").read_text(encoding="utf-8"))["file"]
    listed = {f["path"] for f in files}
    on_disk = {str(p.relative_to(DEFAULT_RAW)) for p in DEFAULT_RAW.rglob("*")
               if p.is_file() and p.name != "sources.toml" and "insee" not in p.parts}
    assert listed == on_disk
    for f in files:
        assert hashlib.sha256((DEFAULT_RAW / f["path"]).read_bytes()).hexdigest() == f["sha256"], f["path"]
        for key in ("producer", "vintage", "licence", "rows", "description", "source_url"):
            assert f[key], (f["path"], key)


def test_raw_data_stays_light() -> None:
    total = sum(p.stat().st_size for p in DEFAULT_RAW.rglob("*") if p.is_file())
    assert total < 25_000_000


def test_plan_runs_every_build_sql_once_in_layer_order() -> None:
    sql_steps = [s for _, s in plan() if isinstance(s, str)]
    assert sorted(sql_steps) == sorted(p.stem for p in BUILD_SQL.glob("*.sql"))
    layers = [s.split("_", 1)[0] for s in sql_steps]
    assert layers == sorted(layers, key=["stg", "int", "mart"].index)


def test_build_sql_files_hold_one_statement_each() -> None:
    for path in BUILD_SQL.glob("*.sql"):
        body = "\n".join(line.split("--", 1)[0] for line in path.read_text().splitlines()).strip()
        assert body.lower().startswith("create or replace"), path.name
        assert ";" not in body.rstrip(";"), path.name


def test_territory_has_the_fixture_communes_with_real_positions(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("select dep_code, count(*), min(lon), max(lon), min(lat), max(lat) from territory "
                       "group by dep_code order by dep_code").fetchall()
    assert [r[0] for r in rows] == ["23", "25", "39", "70", "90"]
    for _dep, n, lon_min, lon_max, lat_min, lat_max in rows:
        assert n > 90 and 1.3 < lon_min < lon_max < 7.2 and 45.6 < lat_min < lat_max < 48.1


def test_name_search_strips_accents(con: duckdb.DuckDBPyConnection) -> None:
    got = con.execute("select name_search from territory where name = 'Guéret'").fetchall()
    assert got == [("gueret",)]


def test_every_level_is_pickable_with_a_parent(con: duckdb.DuckDBPyConnection) -> None:
    levels = dict(con.execute("select level, count(*) from territory_level group by level").fetchall())
    assert set(levels) == {"commune", "epci", "departement", "region", "territoire_industrie", "france"}
    orphans = con.execute("select count(*) from territory_level where parent_code is null and level <> 'france'").fetchall()
    assert orphans == [(0,)]
    france = con.execute("select population from territory_level where level = 'france'").fetchall()[0][0]
    assert france == con.execute("select sum(population) from territory").fetchall()[0][0]


def test_members_cover_every_commune_at_every_level(con: duckdb.DuckDBPyConnection) -> None:
    n = con.execute("select count(*) from territory").fetchall()[0][0]
    for level in ("commune", "departement", "region", "france"):
        got = con.execute("select count(distinct commune_code) from territory_member where level = ?", [level])
        assert got.fetchall()[0][0] == n


def test_economy_real_where_counts_exist_estimated_elsewhere(con: duckdb.DuckDBPyConnection) -> None:
    # Creuse (23) is absent from the RP2022 mode file: every commune there is estimated
    creuse = con.execute("select distinct employed_residents_source from commune_economy where code like '23%'")
    assert creuse.fetchall() == [("estimated",)]
    belfort = con.execute("select employed_residents, workers_in_commune, employed_residents_source "
                          "from commune_economy where code = '90010'").fetchall()[0]
    assert belfort == (16879.7, 9491.4, "insee")  # RP2022 actifs22 and sur_place22 of Belfort


def test_modes_add_up_to_employed_residents(con: duckdb.DuckDBPyConnection) -> None:
    gap = con.execute("select max(abs(mode_car + mode_pt + mode_bike + mode_walk + mode_two_wheeler + mode_none "
                      "- employed_residents)) from commune_economy").fetchall()[0][0]
    assert gap < 1e-6


def test_flows_keep_each_communes_employed_residents(con: duckdb.DuckDBPyConnection) -> None:
    gap = con.execute("select max(abs(f.w - e.employed_residents)) from (select home_code, sum(workers) as w "
                      "from commute_flow group by 1) f join commune_economy e on e.code = f.home_code").fetchall()[0][0]
    assert gap < 1e-6


def test_flow_modes_keep_the_home_communes_real_mode_counts(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("select e.mode_walk, sum(f.workers * f.share_walk), e.mode_car, sum(f.workers * f.share_car) "
                       "from commute_flow f join commune_economy e on e.code = f.home_code "
                       "where f.home_code = '90010' group by all").fetchall()[0]
    assert rows[1] == pytest.approx(rows[0], rel=0.02) and rows[3] == pytest.approx(rows[2], rel=0.02)


def test_cli_builds_and_rebuild_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    assert build_mod.main(["--db", str(a), "--deps", "90", "--quiet"]) == 0
    build(b, DEFAULT_RAW, deps=["90"], verbose=False)
    digests = []
    for path in (a, b):
        con = duckdb.connect(str(path), read_only=True)
        digests.append([con.execute("select md5(string_agg(t::varchar, '|' order by t::varchar)) from " + m + " t")
                        .fetchall() for m in ("territory", "commune_economy", "commute_flow", "calibration")])
        con.close()
    assert digests[0] == digests[1]
    assert not list(tmp_path.glob("*.tmp"))


def test_failed_build_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "db.duckdb"
    target.write_bytes(b"previous")
    with pytest.raises(ValueError, match="Départements inconnus"):
        build(target, DEFAULT_RAW, deps=["00"], verbose=False)
    assert target.read_bytes() == b"previous"
    assert not list(tmp_path.glob("*.tmp"))
