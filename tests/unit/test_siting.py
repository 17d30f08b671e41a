"""Tests of the tiers-lieux siting optimizer (issue 6): hand-built instances and properties."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.model.results import COMMUNE_COLUMNS, FLOW_COLUMNS, MODES, TerritoryInputs
from maillage.model.scenario import ScenarioError
from maillage.model.siting import (
    EARTH_RADIUS_KM,
    SITE_COLUMNS,
    SitingParams,
    brute_force_best,
    build_siting_problem,
    evaluate_existing,
    flag_duplicates,
    objective_value,
    propose_sites,
    site_capacity_users,
    sites_for_budget,
)

EF_CAR = 0.2  # kg CO2e per vehicle-km, chosen for round numbers in the tests
TRIPS = 92.0  # one-way trips per user-year: 1 day/week × 92 trips per weekly day
LON0, LAT0 = 5.0, 45.0
KM_PER_DEG_LAT = EARTH_RADIUS_KM * math.pi / 180

# Simple assumptions so that expected values can be written out: road km = crow-fly km, 60 km/h so
# access minutes = access km, no minimum access trip, one day a week, one person per car, every commuter
# teleworkable.
PARAMS = SitingParams(
    catchment_km=10.0, detour_factor=1.0, access_speed_kmh=60.0, access_min_km=0.0, min_saving_min=10.0,
    min_commute_km=15.0,
    days_per_week=1.0, one_way_trips_per_weekly_day=TRIPS, car_occupancy=1.0, teleworkable_only=False,
)


def lat_at(km_north: float) -> float:
    """Latitude ``km_north`` km north of LAT0 on the same meridian (great-circle distance = km)."""
    return LAT0 + km_north / KM_PER_DEG_LAT


def make_inputs(communes: list[tuple[str, float, float]], flows: list[tuple[str, str, float, float, float, float]],
                teleworkable: dict[str, float] | None = None) -> TerritoryInputs:
    """communes: (code, lon, lat); flows: (home, work, workers, road_km, car_minutes, share_car)."""
    c = pd.DataFrame({
        "code": [x[0] for x in communes], "name": [f"Commune {x[0]}" for x in communes],
        "population": 1000, "employed_residents": 400, "jobs": 300, "job_seekers": 40,
        "teleworkable_share": [(teleworkable or {}).get(x[0], 1.0) for x in communes],
        "presential_share": 0.65, "lon": [x[1] for x in communes], "lat": [x[2] for x in communes],
        "source": "insee",
    })[list(COMMUNE_COLUMNS)]
    f = pd.DataFrame({
        "home_code": [x[0] for x in flows], "work_code": [x[1] for x in flows],
        "workers": [x[2] for x in flows], "road_km": [x[3] for x in flows],
        "car_minutes": [x[4] for x in flows], "share_car": [x[5] for x in flows],
    })
    f["share_pt"] = 1.0 - f["share_car"]
    for mode in ("bike", "walk", "two_wheeler", "none"):
        f[f"share_{mode}"] = 0.0
    f["source"] = "insee"
    ef = pd.DataFrame({"mode": list(MODES), "lifecycle_kg_per_km": [EF_CAR, 0.03, 0, 0, 0.1, 0],
                       "ttw_kg_per_km": [EF_CAR / 2, 0.01, 0, 0, 0.08, 0], "unit": "kgCO2e/km"})
    work = pd.DataFrame(columns=["code", "name", "jobs", "presential_share", "lon", "lat"])
    return TerritoryInputs("test", c, f[list(FLOW_COLUMNS)], ef, work)


# Communes on one meridian: A at 0 km, B at 5 km, C at 20 km; W (work city) outside the territory.
LINE = [("A", LON0, lat_at(0)), ("B", LON0, lat_at(5)), ("C", LON0, lat_at(20))]
LINE_FLOWS = [
    ("A", "W", 120, 50.0, 50.0, 1.0),
    ("B", "W", 100, 46.0, 46.0, 1.0),
    ("C", "W", 30, 40.0, 40.0, 1.0),
]


@pytest.fixture
def line_problem():
    return build_siting_problem(make_inputs(LINE, LINE_FLOWS), PARAMS)


def test_hand_built_instance_finds_the_known_optimum(line_problem):
    # km saved per trip: site A serves A (50) and B (46 − 5 = 41); site B serves A (45) and B (46);
    # site C serves only C (40): A and B are 15 and 20 km away, beyond the 10 km catchment.
    value_a, value_b, value_c = 120 * 50 + 100 * 41, 120 * 45 + 100 * 46, 30 * 40
    assert value_a > value_b > value_c
    # Second site: B adds only 100 × (46 − 41) for B's commuters; C adds its own 1 200.
    best_pair = value_a + value_c
    assert best_pair > value_a + 100 * (46 - 41) and best_pair > value_b + value_c
    result = propose_sites(line_problem, 2, objective="co2")
    assert list(result.sites["code"]) == ["A", "C"]
    co2_per_km = TRIPS * EF_CAR / 1000
    assert result.sites["marginal_gain"].tolist() == pytest.approx([value_a * co2_per_km, value_c * co2_per_km])
    assert result.totals["objective_value"] == pytest.approx(best_pair * co2_per_km)
    codes, optimum = brute_force_best(line_problem, 2, "co2")
    assert codes == ("A", "C") and optimum == pytest.approx(best_pair * co2_per_km)


def test_site_figures_follow_the_formulas(line_problem):
    site = propose_sites(line_problem, 1, objective="co2").sites.iloc[0]
    assert list(propose_sites(line_problem, 1).sites.columns) == list(SITE_COLUMNS)
    assert site["code"] == "A" and site["rank"] == 1 and site["name"] == "Commune A"
    assert site["users_captured"] == pytest.approx(220)
    assert site["catchment_communes"] == 2
    km = (120 * 50 + 100 * 41) * TRIPS
    assert site["km_avoided_per_year"] == pytest.approx(km)
    assert site["co2_avoided_t"] == pytest.approx(km * EF_CAR / 1000)
    minutes_saved = 120 * 50 + 100 * (46 - 5)  # access minutes = access km at 60 km/h
    assert site["hours_saved_per_year"] == pytest.approx(minutes_saved * TRIPS / 60)


def test_hours_and_users_objectives_rank_sites_by_their_own_measure():
    # X is reachable by many short-saving commuters, Y by a few long-saving ones.
    communes = [("X", LON0, lat_at(0)), ("Y", LON0, lat_at(50))]
    flows = [("X", "W", 100, 20.0, 22.0, 1.0), ("Y", "W", 30, 90.0, 95.0, 1.0)]
    problem = build_siting_problem(make_inputs(communes, flows), PARAMS)
    assert 100 * 22 < 30 * 95 and 100 > 30
    assert propose_sites(problem, 1, objective="hours").sites["code"].tolist() == ["Y"]
    assert propose_sites(problem, 1, objective="users").sites["code"].tolist() == ["X"]
    assert propose_sites(problem, 1, objective="users").sites["marginal_gain"].tolist() == [100]


def test_only_long_car_commutes_leaving_home_are_demand():
    flows = [
        ("A", "A", 500, 0.0, 5.0, 1.0),  # works in its home commune
        ("A", "W", 500, 14.0, 30.0, 1.0),  # shorter than the 15 km minimum
        ("A", "V", 500, 40.0, 40.0, 0.0),  # nobody drives
        ("A", "U", 10, 40.0, 40.0, 0.5),  # 5 car commuters
    ]
    problem = build_siting_problem(make_inputs(LINE, flows), PARAMS)
    assert problem.group_users.tolist() == [5.0]
    assert problem.group_work_code.tolist() == ["U"]


def test_teleworkable_share_weights_the_demand_when_asked():
    inputs = make_inputs(LINE, LINE_FLOWS, teleworkable={"A": 0.5, "B": 0.25, "C": 0.0})
    weighted = build_siting_problem(inputs, replace(PARAMS, teleworkable_only=True))
    assert sorted(weighted.group_users.tolist()) == [25.0, 60.0]
    assert sorted(build_siting_problem(inputs, PARAMS).group_users.tolist()) == [30.0, 100.0, 120.0]


def test_catchment_min_saving_and_work_commune_rules():
    communes = [("H", LON0, lat_at(0)), ("S", LON0, lat_at(8)), ("F", LON0, lat_at(12)),
                ("K", LON0, lat_at(30))]
    flows = [
        ("H", "K", 50, 30.0, 30.0, 1.0),  # a site at K, the work commune, is no tiers-lieu for them
        ("S", "W", 40, 16.0, 17.0, 1.0),  # at H (8 km): saves 17 − 8 = 9 min < 10 → not usable
    ]
    problem = build_siting_problem(make_inputs(communes, flows), PARAMS)
    pairs = {(problem.candidate_codes[problem.group_home[g]], problem.candidate_codes[c])
             for g, c in zip(problem.pair_group, problem.pair_candidate, strict=True)}
    # H group: own commune (0 km) and S (8 km) are usable; F is 12 km away (> 10 km); K is its workplace.
    # S group: own commune and F (4 km, 13 min saved); H saves only 9 min.
    assert pairs == {("H", "H"), ("H", "S"), ("S", "S"), ("S", "F")}


def test_minutes_catchment_uses_the_access_speed():
    params = replace(PARAMS, catchment_km=None, catchment_min=15.0, access_speed_kmh=40.0)
    assert params.catchment_road_km == pytest.approx(10.0)
    assert SitingParams().catchment_road_km == pytest.approx(15 / 60 * 40.0)
    assert SitingParams().catchment_crow_km == pytest.approx(15 / 60 * 40.0 / 1.3)


def test_a_site_in_the_home_commune_still_costs_the_minimum_access_trip():
    problem = build_siting_problem(make_inputs(LINE, LINE_FLOWS), replace(PARAMS, access_min_km=2.0))
    site = propose_sites(problem, 1, objective="co2").sites.iloc[0]
    # Site A: A's commuters now drive 2 km to it (48 km saved); B's are 5 km away (41 km saved).
    assert site["code"] == "A"
    assert site["km_avoided_per_year"] == pytest.approx((120 * 48 + 100 * 41) * TRIPS)
    assert site["hours_saved_per_year"] == pytest.approx((120 * 48 + 100 * 41) * TRIPS / 60)


def test_capacity_takes_the_best_users_first_and_caps_them(line_problem):
    result = propose_sites(line_problem, 1, objective="co2", capacity_per_site=150)
    site = result.sites.iloc[0]
    # Capped site A: all 120 A commuters (50 km each) then 30 of B's (41 km) = 7 230 km/trip.
    # Capped site B: 100 of B's (46 km) then 50 of A's (45 km) = 6 850. A wins.
    assert site["code"] == "A"
    assert site["users_captured"] == pytest.approx(150)
    assert site["km_avoided_per_year"] == pytest.approx((120 * 50 + 30 * 41) * TRIPS)


def test_users_move_to_a_better_site_under_capacity(line_problem):
    # With a 150-user cap: A takes 120 A + 30 B. Then B takes B's 70 unserved (46 km each) and moves B's 30
    # at A (46 − 41 = 5 km better): 3 370 > 1 200 for C; this leaves room at A unused. Then C adds its 30.
    result = propose_sites(line_problem, 3, objective="co2", capacity_per_site=150)
    assert result.sites["code"].tolist() == ["A", "B", "C"]
    co2_per_km = TRIPS * EF_CAR / 1000
    assert result.sites["marginal_gain"].iloc[1] == pytest.approx((70 * 46 + 30 * 5) * co2_per_km)
    users = dict(zip(result.sites["code"], result.sites["users_captured"], strict=True))
    assert users == pytest.approx({"A": 120, "B": 100, "C": 30})
    assert result.totals["users_captured"] == pytest.approx(250)
    assert result.sites["cumulative_gain"].iloc[-1] == pytest.approx(result.totals["co2_avoided_t"])


def test_a_large_capacity_gives_the_uncapacitated_choice(line_problem):
    free = propose_sites(line_problem, 3, objective="hours")
    capped = propose_sites(line_problem, 3, objective="hours", capacity_per_site=1e9)
    assert capped.sites["code"].tolist() == free.sites["code"].tolist()
    assert capped.sites["marginal_gain"].tolist() == pytest.approx(free.sites["marginal_gain"].tolist())


def test_stops_when_no_site_adds_anything(line_problem):
    result = propose_sites(line_problem, 3, objective="co2")
    # After A and C, B only improves B's commuters (5 km each): it still adds something.
    assert result.sites["code"].tolist() == ["A", "C", "B"]
    result = propose_sites(line_problem, 3, objective="users")
    # Users: A serves A and B, C serves C; B adds nobody.
    assert result.sites["code"].tolist() == ["A", "C"]
    assert result.notes and "2 site(s) sur 3" in result.notes[0]


def test_excluded_and_already_open_sites_are_not_proposed(line_problem):
    result = propose_sites(line_problem, 1, objective="co2", exclude=["A"])
    assert result.sites["code"].tolist() == ["B"]
    result = propose_sites(line_problem, 1, objective="co2", already_open=["A", "ZZZ"])
    assert result.sites["code"].tolist() == ["C"]
    assert result.totals["users_captured"] == pytest.approx(30)
    assert any("hors du territoire" in note for note in result.notes)


def test_evaluate_existing_reports_what_known_sites_capture(line_problem):
    df = evaluate_existing(line_problem, ["B", "B", "C", "99999"])
    assert df["code"].tolist() == ["99999", "B", "C"]
    assert df["in_territory"].tolist() == [False, True, True]
    assert df["users_captured"].tolist() == pytest.approx([0, 220, 30])
    assert df.loc[df["code"] == "B", "km_avoided_per_year"].iloc[0] == pytest.approx((120 * 45 + 100 * 46) * TRIPS)


def test_flag_duplicates_by_commune_or_distance():
    proposed = pd.DataFrame({"code": ["A", "C", "B"], "lon": LON0, "lat": [lat_at(0), lat_at(20), lat_at(5)]})
    known = pd.DataFrame({"commune_code": ["A", "Q"], "name": ["Fabrique A", "France services Q"],
                          "lon": LON0, "lat": [lat_at(0.5), lat_at(23)]})
    flags = flag_duplicates(proposed, known, radius_km=4.0)
    assert flags["duplicate_of"].tolist() == ["A", "Q", ""]
    assert flags["same_commune"].tolist() == [True, False, False]
    assert flags["distance_km"].iloc[1] == pytest.approx(3.0)
    assert math.isnan(flags["distance_km"].iloc[2])


def test_budget_and_capacity_helpers():
    assert sites_for_budget(1_000_000, SitingParams(cost_per_site_eur=150_000)) == 6
    assert sites_for_budget(0) == 0
    assert site_capacity_users(20) == pytest.approx(20 * 2.55)


def test_bad_inputs_raise_french_errors(line_problem):
    with pytest.raises(ScenarioError, match="siting.objective"):
        propose_sites(line_problem, 1, objective="money")
    with pytest.raises(ScenarioError, match="siting.n_sites"):
        propose_sites(line_problem, -1)
    with pytest.raises(ScenarioError, match="strictement positif"):
        SitingParams(access_speed_kmh=0)


def test_territory_without_demand_proposes_nothing():
    problem = build_siting_problem(make_inputs(LINE, [("A", "A", 10, 0.0, 3.0, 1.0)]), PARAMS)
    result = propose_sites(problem, 2)
    assert result.sites.empty and result.totals["objective_value"] == 0


# --------------------------------------------------------------------------------------- properties

@st.composite
def instances(draw: st.DrawFn) -> TerritoryInputs:
    """2–7 communes within ~25 km, random long car flows to each other and to outside workplaces."""
    n = draw(st.integers(2, 7))
    xs = draw(st.lists(st.integers(0, 25), min_size=n, max_size=n))
    ys = draw(st.lists(st.integers(0, 25), min_size=n, max_size=n))
    codes = [f"{10001 + i}" for i in range(n)]
    communes = [(c, LON0 + x / (KM_PER_DEG_LAT * math.cos(math.radians(LAT0))), lat_at(y))
                for c, x, y in zip(codes, xs, ys, strict=True)]
    flows = []
    for home in codes:
        for work in draw(st.lists(st.sampled_from(codes + ["W1", "W2"]), max_size=3, unique=True)):
            flows.append((home, work, draw(st.integers(1, 60)), float(draw(st.integers(10, 60))),
                          float(draw(st.integers(10, 70))), draw(st.sampled_from([0.5, 1.0]))))
    return make_inputs(communes, flows)


settings_small = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_small
@given(inputs=instances(), n_sites=st.integers(1, 3), objective=st.sampled_from(["co2", "hours", "users"]))
def test_greedy_reaches_at_least_63_percent_of_the_optimum(inputs, n_sites, objective):
    problem = build_siting_problem(inputs, PARAMS)
    result = propose_sites(problem, n_sites, objective=objective)
    _, optimum = brute_force_best(problem, n_sites, objective)
    value = objective_value(problem, result.sites["code"], objective)
    assert value == pytest.approx(result.totals["objective_value"], rel=1e-9, abs=1e-9)
    assert value >= (1 - 1 / math.e) * optimum - 1e-9
    assert value <= optimum + 1e-9


@settings_small
@given(inputs=instances(), n_sites=st.integers(0, 8), capacity=st.sampled_from([None, 10.0, 40.0]))
def test_sites_are_territory_communes_chosen_once_and_deterministically(inputs, n_sites, capacity):
    problem = build_siting_problem(inputs, PARAMS)
    first = propose_sites(problem, n_sites, capacity_per_site=capacity)
    codes = first.sites["code"].tolist()
    assert set(codes) <= set(inputs.communes["code"]) and len(codes) == len(set(codes)) <= n_sites
    assert first.sites["rank"].tolist() == list(range(1, len(codes) + 1))
    again = propose_sites(build_siting_problem(inputs, PARAMS), n_sites, capacity_per_site=capacity)
    pd.testing.assert_frame_equal(first.sites, again.sites)
    if capacity is not None:
        assert (first.sites["users_captured"] <= capacity + 1e-9).all()


@settings_small
@given(inputs=instances(), n_sites=st.integers(1, 5), objective=st.sampled_from(["co2", "hours", "users"]),
       capacity=st.sampled_from([None, 25.0]))
def test_lazy_greedy_chooses_what_plain_greedy_chooses(inputs, n_sites, objective, capacity):
    problem = build_siting_problem(inputs, PARAMS)
    lazy = propose_sites(problem, n_sites, objective=objective, capacity_per_site=capacity, lazy=True)
    plain = propose_sites(problem, n_sites, objective=objective, capacity_per_site=capacity, lazy=False)
    assert lazy.sites["code"].tolist() == plain.sites["code"].tolist()
    assert lazy.sites["marginal_gain"].tolist() == plain.sites["marginal_gain"].tolist()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_kd_tree_pairs_match_an_all_pairs_computation(seed):
    rng = np.random.default_rng(seed)
    n = 60
    lon, lat = 2 + rng.uniform(0, 3, n), 43 + rng.uniform(0, 3, n)  # a région-sized box
    codes = [f"{20000 + i}" for i in range(n)]
    flows = [(codes[i], "W", 10, 80.0, 90.0, 1.0) for i in range(n)]
    params = replace(PARAMS, catchment_km=25.0)
    problem = build_siting_problem(make_inputs(list(zip(codes, lon, lat, strict=True)), flows), params)
    phi, lmb = np.radians(lat), np.radians(lon)
    h = (np.sin((phi[:, None] - phi[None, :]) / 2) ** 2
         + np.cos(phi[:, None]) * np.cos(phi[None, :]) * np.sin((lmb[:, None] - lmb[None, :]) / 2) ** 2)
    dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))
    expected = {(i, j) for i in range(n) for j in range(n) if dist[i, j] <= 25.0}
    got = {(int(problem.group_home[g]), int(c)) for g, c in zip(problem.pair_group, problem.pair_candidate, strict=True)}
    assert got == expected
