"""Each build check passes on the fixture database and fails, naming its table, on a planted bad row."""

from __future__ import annotations

import duckdb
import pytest

from maillage.data.checks import CHECKS, CheckError, check_population, run_checks

BELFORT = "90010"

# check name → statements that break it (on a writable copy of the fixture DB)
BAD_ROWS: dict[str, list[str]] = {
    "territory_unique": ["insert into territory select * from territory where code = '90010'"],
    "territory_level_unique": ["insert into territory_level select * from territory_level where level = 'region' limit 1"],
    "economy_unique": ["insert into commune_economy select * from commune_economy where code = '90010'"],
    "flow_unique": ["insert into commute_flow select * from commute_flow limit 1"],
    "member_one_parent": ["insert into territory_member values ('epci', '999999999', '90010')"],
    "member_dep_region": ["update territory set reg_code = null where code = '90010'"],
    "few_without_epci": ["update territory set epci_code = null where dep_code = '90'"],
    "economy_every_commune": ["delete from commune_economy where code = '90010'"],
    "geometry_every_commune": ["delete from commune_geometry where code = '90010'"],
    "flow_endpoints": ["update commute_flow set work_code = '99999' where home_code = '90010' and work_code = '90033'"],
    "leaving_le_employed": ["update commute_flow set workers = 1e9 where home_code = '90010' and work_code = '90033'"],
    "flow_shares_sum": ["update commute_flow set share_car = share_car + 0.5 where home_code = '90010' and work_code = '90010'"],
    "flow_no_nan": ["update commute_flow set road_km = 'nan'::double where home_code = '90010' and work_code = '90010'"],
    "economy_no_nan": ["update commune_economy set jobs = -1 where code = '90010'"],
    "workers_in_commune_le_employed": ["update commune_economy set workers_in_commune = employed_residents + 1 where code = '90010'"],
    "territory_no_nan": ["update territory set lat = null where code = '90010'"],
    "emission_factor_modes": ["update emission_factor set ttw_kg_per_km = 1 where mode = 'car'"],
    "calibration_ok": ["update calibration set ok = false, enforced = true"],
}


def test_every_check_has_a_bad_row_test() -> None:
    assert set(BAD_ROWS) == {c.name for c in CHECKS}


def test_all_checks_pass_on_the_fixture(con: duckdb.DuckDBPyConnection) -> None:
    run_checks(con)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_fails_on_a_bad_row(writable_copy: duckdb.DuckDBPyConnection, check) -> None:  # type: ignore[no-untyped-def]
    run_checks(writable_copy, only=(check.name,))  # holds before
    for sql in BAD_ROWS[check.name]:
        writable_copy.execute(sql)
    with pytest.raises(CheckError) as err:
        run_checks(writable_copy, only=(check.name,))
    assert err.value.table == check.table
    assert f"« {check.table} »" in str(err.value) and check.rule in str(err.value)
    assert err.value.example  # an example row is shown


def test_missing_emission_factor_mode_fails(writable_copy: duckdb.DuckDBPyConnection) -> None:
    writable_copy.execute("delete from emission_factor where mode = 'walk'")
    with pytest.raises(CheckError, match="emission_factor"):
        run_checks(writable_copy, only=("emission_factor_modes",))


def test_population_total_must_match_the_source(con: duckdb.DuckDBPyConnection) -> None:
    total = float(con.execute("select sum(population) from territory").fetchall()[0][0])
    check_population(con, total * 1.004)  # within 0.5 %
    with pytest.raises(CheckError, match="population totale"):
        check_population(con, total * 1.006)
