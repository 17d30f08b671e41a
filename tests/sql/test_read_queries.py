"""Every read query (queries/read/*.sql) on the fixture database, with expected values worked out here."""

from __future__ import annotations

import json

import duckdb
import pytest

from maillage.data import db

BELFORT = "90010"
GRAND_BELFORT = "200069052"


def one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return con.execute(sql, list(params)).fetchall()[0][0]


def test_every_read_query_is_covered_by_a_test() -> None:
    tested = {
        "territory_search", "territory_options", "territory_info", "territory_communes", "territory_flows",
        "territory_work_communes", "territory_inflow", "territory_geometry", "boundaries_near",
        "tiers_lieux_in", "emission_factors", "provenance", "calibration", "bench_flow_scan",
        "reference_totals", "territory_estimated", "duckdb_memory",
    }
    assert set(db.query_names()) == tested


def test_every_read_query_starts_with_a_header_comment() -> None:
    for name in db.query_names():
        assert db.load_query(name).startswith("-- "), name


@pytest.mark.parametrize("q", ["gueret", "GUERET", "Guéret", "guér"])
def test_search_is_accent_and_case_insensitive(con: duckdb.DuckDBPyConnection, q: str) -> None:
    found = db.run(con, "territory_search", level="commune", q=q, limit=5)
    assert found.loc[0, "name"] == "Guéret"


def test_search_puts_prefix_matches_first_then_by_population(con: duckdb.DuckDBPyConnection) -> None:
    found = db.run(con, "territory_search", level="commune", q="bes", limit=20)
    assert found.loc[0, "name"] == "Besançon"  # prefix match and the largest population
    ranks = found["match_rank"].tolist()
    assert ranks == sorted(ranks)
    prefix = found[found["match_rank"] == 0]
    assert prefix["population"].is_monotonic_decreasing


def test_search_finds_substrings_and_hyphenated_names(con: duckdb.DuckDBPyConnection) -> None:
    found = db.run(con, "territory_search", level="commune", q="rougemont le chateau", limit=5)
    assert "Rougemont-le-Château" in found["name"].tolist()
    inner = db.run(con, "territory_search", level="commune", q="elfor", limit=5)
    assert inner.loc[0, "name"] == "Belfort" and inner.loc[0, "match_rank"] == 2


def test_search_respects_level_and_limit(con: duckdb.DuckDBPyConnection) -> None:
    deps = db.run(con, "territory_search", level="departement", q="e", limit=2)
    assert len(deps) == 2 and set(deps["level"]) == {"departement"}


def test_search_by_code(con: duckdb.DuckDBPyConnection) -> None:
    found = db.run(con, "territory_search", level="departement", q="90", limit=5)
    assert found["code"].tolist() == ["90"]


def test_search_with_like_wildcards_matches_literally(con: duckdb.DuckDBPyConnection) -> None:
    assert db.run(con, "territory_search", level="commune", q="%", limit=5).empty
    assert db.run(con, "territory_search", level="commune", q="   ", limit=5).empty


def test_options_list_every_departement_built(con: duckdb.DuckDBPyConnection) -> None:
    opts = db.run(con, "territory_options", level="departement")
    assert sorted(opts["code"]) == ["23", "25", "39", "70", "90"]
    assert opts["name"].tolist() == sorted(opts["name"])


def test_info_gives_population_and_parents(con: duckdb.DuckDBPyConnection) -> None:
    info = db.run(con, "territory_info", level="epci", code=GRAND_BELFORT)
    expected_pop = one(con, "select sum(population) from territory where epci_code = ?", GRAND_BELFORT)
    assert info.loc[0, "population"] == expected_pop
    assert (info.loc[0, "dep_code"], info.loc[0, "reg_code"]) == ("90", "27")
    assert info.loc[0, "parent_level"] == "departement" and info.loc[0, "parent_code"] == "90"
    n = one(con, "select count(*) from territory where epci_code = ?", GRAND_BELFORT)
    assert info.loc[0, "n_communes"] == n


def test_info_of_france_has_no_comparison_parent(con: duckdb.DuckDBPyConnection) -> None:
    info = db.run(con, "territory_info", level="france", code="FR")
    assert info.loc[0, "population"] == one(con, "select sum(population) from territory")
    assert info.loc[0, "dep_code"] is None or info["dep_code"].isna().all()


def test_info_of_unknown_code_is_empty(con: duckdb.DuckDBPyConnection) -> None:
    assert db.run(con, "territory_info", level="commune", code="00000").empty


def test_communes_of_a_departement_carry_economy_and_position(con: duckdb.DuckDBPyConnection) -> None:
    communes = db.run(con, "territory_communes", level="departement", code="90")
    assert len(communes) == one(con, "select count(*) from territory where dep_code = '90'")
    assert communes["lon"].between(6.7, 7.2).all() and communes["lat"].between(47.4, 47.9).all()
    for col in ("employed_residents", "jobs", "job_seekers", "teleworkable_share", "source", "density_level"):
        assert col in communes.columns
    belfort = communes.set_index("code").loc[BELFORT]
    assert belfort["name"] == "Belfort" and belfort["source"] == "insee"


def test_flows_leave_from_the_territory_and_conserve_employed_residents(con: duckdb.DuckDBPyConnection) -> None:
    flows = db.run(con, "territory_flows", level="commune", code=BELFORT)
    assert set(flows["home_code"]) == {BELFORT}
    employed = one(con, "select employed_residents from commune_economy where code = ?", BELFORT)
    assert flows["workers"].sum() == pytest.approx(employed, rel=1e-9)
    internal = flows[flows["work_code"] == BELFORT]
    assert len(internal) == 1 and internal["work_inside"].all() and internal.iloc[0]["source"] == "insee"
    shares = flows[[c for c in flows.columns if c.startswith("share_")]].sum(axis=1)
    assert shares.to_numpy() == pytest.approx(1.0)


def test_bench_scan_sums_the_same_flows_as_the_territory_query(con: duckdb.DuckDBPyConnection) -> None:
    flows = db.run(con, "territory_flows", level="epci", code=GRAND_BELFORT)
    scan = db.run(con, "bench_flow_scan", level="epci", code=GRAND_BELFORT)
    assert int(scan.iloc[0]["flows"]) == len(flows) > 0
    assert scan.iloc[0]["worker_km"] == pytest.approx((flows["workers"] * flows["road_km"]).sum(), rel=1e-9)


def test_reference_totals_of_france_match_the_model_on_the_built_data(con: duckdb.DuckDBPyConnection) -> None:
    from maillage.data.inputs import load_territory_inputs
    from maillage.model.assumptions import assumptions_fingerprint, resolve
    from maillage.model.baseline import compute_baseline

    stored = db.run(con, "reference_totals", level="france", code="FR")
    assert set(stored["assumptions"]) == {assumptions_fingerprint()}
    values = dict(zip(stored["key"], stored["value"], strict=True))
    fresh = compute_baseline(load_territory_inputs(con, "france", "FR"), resolve({})).totals
    assert values["co2_lifecycle_t"] == pytest.approx(fresh["co2_lifecycle_t"]) and values["co2_lifecycle_t"] > 0
    assert values["employed_residents"] == pytest.approx(fresh["employed_residents"])
    assert values["arriving"] == 0


def reference_territories(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return [(str(lv), str(c)) for lv, c in con.execute(
        "select level, code from territory_level where level in ('departement', 'region') order by 1, 2").fetchall()]


def test_reference_totals_of_every_departement_and_region_match_the_app_s_own_computation(
        con: duckdb.DuckDBPyConnection) -> None:
    """What the build stores for each comparison territory is what the app would compute from the database."""
    from maillage.data.inputs import load_territory_inputs
    from maillage.model.assumptions import assumptions_fingerprint, resolve
    from maillage.model.baseline import compute_baseline

    territories = reference_territories(con)
    assert len(territories) == 5 + 2  # the fixture: five départements in two régions (BFC, Nouvelle-Aquitaine)
    arriving = {}
    for level, code in territories:
        stored = db.run(con, "reference_totals", level=level, code=code)
        assert set(stored["assumptions"]) == {assumptions_fingerprint()}, (level, code)
        values = dict(zip(stored["key"], stored["value"], strict=True))
        fresh = dict(compute_baseline(load_territory_inputs(con, level, code), resolve({})).totals)
        fresh["arriving"] = float(db.run(con, "territory_inflow", level=level, code=code)["workers"].sum())
        assert set(values) == set(fresh), (level, code)
        for key, value in fresh.items():
            assert values[key] == pytest.approx(value, rel=1e-9, abs=1e-9, nan_ok=True), (level, code, key)
        assert values["co2_lifecycle_t"] > 0, (level, code)
        arriving[code] = values["arriving"]
    # Creuse's neighbours are not in the fixture, so nobody arrives there; the Franche-Comté départements share
    # their workers.
    assert arriving["90"] > 0 and arriving["25"] > 0 and arriving["23"] == 0


def test_inputs_cut_from_france_are_those_read_for_each_territory(con: duckdb.DuckDBPyConnection) -> None:
    import pandas as pd

    from maillage.data.inputs import load_territory_inputs, split_inputs

    france = load_territory_inputs(con, "france", "FR")
    for level in ("departement", "region"):
        members = con.execute("select commune_code, code from territory_member where level = ?", [level]).df()
        pieces = dict(split_inputs(france, members.set_index("commune_code")["code"]))
        assert sorted(pieces) == [c for lv, c in reference_territories(con) if lv == level]
        for code, piece in pieces.items():
            read = load_territory_inputs(con, level, code)
            pd.testing.assert_frame_equal(piece.communes, read.communes)
            pd.testing.assert_frame_equal(piece.flows, read.flows)
            assert piece.estimated == read.estimated
            # Work communes: the same rows; ties in workers may come out in either order from two sums.
            by_code = [w.sort_values("code").reset_index(drop=True) for w in (piece.work_communes, read.work_communes)]
            pd.testing.assert_frame_equal(*by_code, check_dtype=False)


def test_work_communes_sum_the_flows_from_the_territory(con: duckdb.DuckDBPyConnection) -> None:
    work = db.run(con, "territory_work_communes", level="departement", code="90")
    total = one(con, "select sum(workers) from commute_flow where home_code like '90%'")
    assert work["workers_from_territory"].sum() == pytest.approx(total)
    assert work["inside"].any() and not work["inside"].all()
    assert work["workers_from_territory"].is_monotonic_decreasing


def test_inflow_comes_only_from_outside(con: duckdb.DuckDBPyConnection) -> None:
    inflow = db.run(con, "territory_inflow", level="departement", code="90")
    assert len(inflow) > 0
    assert not inflow["home_code"].str.startswith("90").any() and inflow["work_code"].str.startswith("90").all()
    expected = one(con, "select sum(workers) from commute_flow where work_code like '90%' and home_code not like '90%'")
    assert inflow["workers"].sum() == pytest.approx(expected)


def test_geometry_gives_valid_rings_for_every_commune(con: duckdb.DuckDBPyConnection) -> None:
    geo = db.run(con, "territory_geometry", level="departement", code="25")
    assert geo["code"].nunique() == one(con, "select count(*) from territory where dep_code = '25'")
    for rings_json in geo["rings_json"].head(50):
        rings = json.loads(rings_json)
        outer = rings[0]
        assert len(outer) >= 4 and outer[0] == outer[-1]
        assert all(5.6 < lon < 7.2 and 46.5 < lat < 47.6 for lon, lat in outer)


def test_one_departement_geometry_is_light_enough_for_the_browser(con: duckdb.DuckDBPyConnection) -> None:
    geo = db.run(con, "territory_geometry", level="departement", code="25")  # Doubs: ~570 communes
    assert geo["rings_json"].str.len().sum() < 1_500_000


def test_boundaries_near_include_the_territory_and_its_neighbours(con: duckdb.DuckDBPyConnection) -> None:
    near = db.run(con, "boundaries_near", level="departement", code="90")
    assert set(near["code"]) == {"25", "70", "90"}  # neighbours that are built in the fixture
    assert near.set_index("code").loc["90", "inside"]
    assert json.loads(near.loc[0, "rings_json"])[0][0][0][0] > 0


def test_tiers_lieux_in_a_departement(con: duckdb.DuckDBPyConnection) -> None:
    sites = db.run(con, "tiers_lieux_in", level="departement", code="25")
    expected = one(con, "select count(*) from tiers_lieu s join territory t on t.code = s.commune_code "
                        "where t.dep_code = '25'")
    assert len(sites) == expected > 0
    assert set(sites["kind"]) <= {"fabrique_de_territoire", "manufacture_de_proximite", "france_services"}


def test_emission_factors_match_base_carbone(con: duckdb.DuckDBPyConnection) -> None:
    ef = db.run(con, "emission_factors").set_index("mode")
    assert set(ef.index) == {"car", "pt", "bike", "walk", "two_wheeler", "none"}
    assert ef.loc["car", "lifecycle_kg_per_km"] == pytest.approx(0.218)
    # tank-to-wheel car: 0.192 fuel poste × mean combustion share of petrol and diesel cars (27965, 27966)
    ratio = (0.162 / (0.162 + 0.0358) + 0.15 / (0.15 + 0.0365)) / 2
    assert ef.loc["car", "ttw_kg_per_km"] == pytest.approx(0.192 * ratio)
    # PT blend: 0.5 bus 27998 + 0.3 TER 28146 + 0.2 metro/tram 28150
    assert ef.loc["pt", "lifecycle_kg_per_km"] == pytest.approx(0.5 * 0.202 + 0.3 * 0.0296 + 0.2 * 0.00503)
    assert ef.loc["two_wheeler", "ttw_kg_per_km"] == pytest.approx(0.0495)
    assert ef.loc["bike", "lifecycle_kg_per_km"] == 0


def test_provenance_lists_every_raw_file(con: duckdb.DuckDBPyConnection) -> None:
    prov = db.run(con, "provenance")
    assert "admin/decoupage_administratif_6.0.0_communes.json.xz" in set(prov["file"])
    assert prov["sha256"].str.fullmatch(r"[0-9a-f]{64}").all() and (prov["rows"] > 0).all()


def test_calibration_rows_are_within_tolerance(con: duckdb.DuckDBPyConnection) -> None:
    cal = db.run(con, "calibration")
    assert "mean_one_way_km" in set(cal["metric"])
    assert (cal["gap"] - (cal["model_value"] - cal["target"])).abs().max() < 1e-12
    assert cal.loc[cal["enforced"], "ok"].all()
    assert not cal.set_index("metric").loc["mean_one_way_km", "enforced"]  # national target, fixture build


def test_territory_estimated_says_what_the_inputs_say_without_reading_them(
        writable_copy: duckdb.DuckDBPyConnection) -> None:
    from maillage.data.inputs import load_territory_inputs

    con = writable_copy
    # Make Belfort's own figures and every flow leaving from it INSEE's: then, and only then, not estimated.
    con.execute("update commune_economy set source = 'insee' where code = ?", [BELFORT])
    con.execute("update commute_flow set source = 'insee' where home_code = ?", [BELFORT])
    cases = [("commune", BELFORT), ("commune", "90001"), ("epci", GRAND_BELFORT), ("departement", "90"),
             ("france", "FR")]
    found = {case: bool(db.run(con, "territory_estimated", level=case[0], code=case[1]).iloc[0]["estimated"])
             for case in cases}
    assert found == {case: load_territory_inputs(con, *case).estimated for case in cases}
    assert found[("commune", BELFORT)] is False and found[("epci", GRAND_BELFORT)] is True
    con.execute("update commune_economy set source = NULL where code = ?", [BELFORT])  # unknown source: estimated
    assert bool(db.run(con, "territory_estimated", level="commune", code=BELFORT).iloc[0]["estimated"])


def test_duckdb_memory_lists_the_file_blocks_read(con: duckdb.DuckDBPyConnection) -> None:
    db.run(con, "territory_flows", level="epci", code=GRAND_BELFORT)
    held = db.run(con, "duckdb_memory")
    assert list(held.columns) == ["tag", "memory_usage_bytes"]
    assert held.set_index("tag").loc["BASE_TABLE", "memory_usage_bytes"] > 0
