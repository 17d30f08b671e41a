"""The `maillage` command: real outputs on the fixture database, clear French errors with exit code 2."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.cli import main


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # --help
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_baseline_by_commune_has_the_documented_columns(fixture_db: Path) -> None:
    code, out, _ = run_cli("baseline", "--territory", "epci:200069052", "--by", "commune", "--format", "csv",
                           "--db", str(fixture_db))
    assert code == 0
    frame = pd.read_csv(io.StringIO(out), dtype={"code": str})
    for col in ("code", "name", "employed_residents", "commuters", "km_per_year", "co2_lifecycle_t", "co2_ttw_t",
                "hours_per_year"):
        assert col in frame.columns
    assert len(frame) > 40  # Grand Belfort has 52 communes
    assert (frame["co2_ttw_t"] <= frame["co2_lifecycle_t"] + 1e-9).all()


def test_unknown_territory_exits_2_with_a_french_message(fixture_db: Path) -> None:
    code, out, err = run_cli("baseline", "--territory", "epci:123456789", "--db", str(fixture_db))
    assert code == 2
    assert out == ""
    assert "123456789" in err and "epci" in err


def test_malformed_scenario_file_exits_2_and_names_the_problem(fixture_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "s.json"
    bad.write_text('{"telework": {"adoption_pct": 250}}', encoding="utf-8")
    code, _, err = run_cli("simulate", "--territory", "epci:200069052", "--scenario", str(bad), "--db", str(fixture_db))
    assert code == 2
    assert "adoption_pct" in err and "100" in err


def test_simulate_json_reports_co2_avoided_for_telework(fixture_db: Path, tmp_path: Path) -> None:
    scen = tmp_path / "s.json"
    scen.write_text(json.dumps({"territory": {"level": "epci", "code": "200069052"},
                                "telework": {"adoption_pct": 40, "days_per_week": 2}}), encoding="utf-8")
    code, out, _ = run_cli("simulate", "--territory", "epci:200069052", "--scenario", str(scen), "--format", "json",
                           "--db", str(fixture_db))
    assert code == 0
    result = json.loads(out)
    co2 = result["headline"]["delta_co2_lifecycle_t"]
    assert co2["low"] <= co2["central"] <= co2["high"] < 0


def test_missing_database_exits_3_with_the_rebuild_command(tmp_path: Path) -> None:
    code, _, err = run_cli("baseline", "--territory", "epci:200069052", "--db", str(tmp_path / "absent.duckdb"))
    assert code == 3
    assert "make data" in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(st.one_of(
    st.sampled_from(["baseline", "simulate", "site", "validate", "--territory", "--format", "--by", "--sites",
                     "epci:200069052", "commune:90010", "json", "table", "csv", "x:y", ":", "--scenario", "-1"]),
    st.text(max_size=12)), max_size=6))
def test_fuzzed_arguments_never_escape_as_exceptions(fixture_db: Path, argv: list[str]) -> None:
    if "--db" not in argv:
        argv = [*argv, "--db", str(fixture_db)] if argv and argv[0] in {"baseline", "simulate", "site", "validate"} else argv
    code, _, err = run_cli(*argv)
    assert code in (0, 2, 3)
    if code != 0:
        assert err.strip(), "every rejection says why"


def test_briefing_command_writes_a_pptx_and_a_csv_that_match_the_simulation(fixture_db: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    scen = tmp_path / "s.json"
    scen.write_text(json.dumps({"telework": {"adoption_pct": 40, "days_per_week": 2}}), encoding="utf-8")
    pptx, csv = tmp_path / "note.pptx", tmp_path / "note.csv"
    for out in (pptx, csv):
        code, _, err = run_cli("briefing", "--territory", "epci:200069052", "--scenario", str(scen), "--out", str(out),
                               "--db", str(fixture_db))
        assert code == 0, err
    deck = Presentation(str(pptx))
    text = " ".join(sh.text_frame.text for slide in deck.slides for sh in slide.shapes if sh.has_text_frame)
    assert "Grand Belfort" in text
    assert any(sh.has_chart for slide in deck.slides for sh in slide.shapes), "native charts, not pictures"
    code, out, _ = run_cli("simulate", "--territory", "epci:200069052", "--scenario", str(scen), "--format", "json",
                           "--db", str(fixture_db))
    expected = json.loads(out)["headline"]["delta_co2_lifecycle_t"]["central"]
    frame = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig", dtype={"code": str})
    delta = frame["Écart CO2e cycle de vie (t/an)"].sum()
    assert delta == pytest.approx(expected, abs=0.005 * len(frame)) and delta < 0
