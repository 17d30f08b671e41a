"""The official INSEE files (real formats, small fixtures in tests/fixtures/insee/) replace the estimates."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from maillage.data import insee
from maillage.data.build import DEFAULT_RAW, build

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "insee"


def raw_copy_with_insee(tmp_path: Path, zipped: bool = False) -> Path:
    """data/raw/ linked file by file, plus an insee/ folder holding the fixtures (optionally zipped)."""
    raw = tmp_path / "raw"
    for src in DEFAULT_RAW.rglob("*"):
        if src.is_file() and "insee" not in src.relative_to(DEFAULT_RAW).parts:
            dest = raw / src.relative_to(DEFAULT_RAW)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to(src)
    (raw / "insee").mkdir()
    for f in FIXTURES.iterdir():
        if zipped:
            stem = f.name.rsplit(".", 1)[0]
            with zipfile.ZipFile(raw / "insee" / f"{stem}_csv.zip", "w") as z:
                z.write(f, arcname=f.name)
        else:
            shutil.copy(f, raw / "insee" / f.name)
    return raw


def test_find_official_picks_each_kind() -> None:
    found = insee.find_official(FIXTURES)
    assert {k: v[0] for k, v in found.items()} == {"flux_mobilite": 2022, "emploi_pop_active": 2022, "caract_emp": 2022}


def test_columns_lose_their_vintage() -> None:
    assert insee.normalise_columns(["NBFLUX_C21_ACTOCC15P", "P22_EMPLT", "C21_EMPLT_CS3", "CODGEO"]) == [
        "NBFLUX", "P_EMPLT", "C_EMPLT_GS3", "CODGEO"]


def test_reading_keeps_codes_as_strings_and_strips_quotes() -> None:
    df = insee.read_official("emploi_pop_active", FIXTURES / "base-cc-emploi-pop-active-2022.CSV")
    assert df["CODGEO"].tolist() == ["90010", "90033", "90099"]


def test_a_file_missing_a_column_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "base-cc-caract_emp-2022.CSV"
    bad.write_text("CODGEO;P22_ACTOCC15P\n90010;1.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="colonnes absentes"):
        insee.read_official("caract_emp", bad)


@pytest.fixture(scope="module")
def official_db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    tmp = tmp_path_factory.mktemp("insee")
    path = tmp / "official.duckdb"
    build(path, raw_copy_with_insee(tmp, zipped=True), deps=["90", "75"], verbose=False)
    return duckdb.connect(str(path), read_only=True)


def test_official_flows_replace_the_model(official_db: duckdb.DuckDBPyConnection) -> None:
    flows = official_db.execute("select home_code, work_code, workers, source from commute_flow "
                                "order by home_code, work_code").fetchall()
    # 99999 (abroad) is dropped; Paris 8e (75108) becomes Paris (75056)
    assert flows == [
        ("90010", "75056", 35.5, "insee"), ("90010", "90010", 9500.5, "insee"), ("90010", "90033", 120.25, "insee"),
        ("90033", "90010", 410.75, "insee"), ("90033", "90033", 600.0, "insee"),
        ("90099", "90010", 700.0, "insee"), ("90099", "90099", 300.0, "insee"),
    ]


def test_official_counts_replace_the_estimates(official_db: duckdb.DuckDBPyConnection) -> None:
    row = official_db.execute(
        "select employed_residents, workers_in_commune, mode_car, jobs, job_seekers, pcs_managers, source, "
        "jobs_source, pcs_source from commune_economy where code = '90033'").fetchall()[0]
    employed, internal, car, jobs, seekers, managers, source, jobs_source, pcs_source = row
    assert (employed, internal, car, jobs, seekers) == (2100.0, 600.0, 1700.0, 2300.0, 250.0)
    assert managers == pytest.approx(300.0 / 2300.0)  # GS3 / Σ GS1–6
    assert (source, jobs_source, pcs_source) == ("insee", "insee", "insee")


def test_official_flow_distance_uses_the_commune_positions(official_db: duckdb.DuckDBPyConnection) -> None:
    km = official_db.execute("select road_km from commute_flow where home_code = '90010' and work_code = '75056'")
    assert 1.3 * 330 < km.fetchall()[0][0] < 1.3 * 370  # Belfort–Paris ≈ 350 km as the crow flies, × 1.3
