"""simulate(): contracts, ranges, tornado, trajectory, validation and a regression table."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from model_factories import small_territory, synthetic_inputs

from maillage.model.assumptions import resolve
from maillage.model.baseline import compute_baseline
from maillage.model.results import HEADLINE_KEYS, Range
from maillage.model.scenario import (
    Scenario,
    ScenarioError,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)
from maillage.model.simulate import simulate
from maillage.model.trajectory import TRAJECTORY_COLUMNS, adoption_ramp
from maillage.model.uncertainty import ranges, tornado
from maillage.model.validate import validate_national

REF = TerritoryRef("epci", "200000172")
FULL = Scenario(
    REF, horizon_year=2028, telework=TeleworkLever(40, 2, 5),
    tiers_lieux=TiersLieuxLever(sites=(TiersLieuSite("A", 10, 2026),), catchment_km=10, days_per_week=2,
                                min_commute_km=15),
    training=TrainingLever(people_per_year=20, years=2),
)


def test_result_frames_follow_the_contract() -> None:
    r = simulate(FULL, small_territory())
    assert set(r.headline) == set(HEADLINE_KEYS)
    assert list(r.by_lever["lever"]) == ["telework", "tiers_lieux", "training"]
    assert {"code", "name", "delta_co2_lifecycle_t", "delta_co2_ttw_t", "delta_hours_per_year",
            "telework_days_per_year", "tiers_lieu_days_per_year", "jobs_presential_gained",
            "jobs_presential_lost"} <= set(r.per_commune.columns)
    assert set(TRAJECTORY_COLUMNS) <= set(r.trajectory.columns)
    assert list(r.tornado.columns) == ["key", "label", "metric", "value_low", "value_high", "swing"]
    assert r.tornado["swing"].is_monotonic_decreasing


def test_by_lever_adds_up_to_the_headline_and_the_communes() -> None:
    r = simulate(FULL, small_territory())
    total = r.by_lever["delta_co2_lifecycle_t"].sum()
    assert r.headline["delta_co2_lifecycle_t"].central == pytest.approx(total)
    assert r.per_commune["delta_co2_lifecycle_t"].sum() == pytest.approx(total)


def test_trajectory_ramps_telework_opens_sites_and_accumulates_cost() -> None:
    r = simulate(FULL, small_territory())
    t = r.trajectory.set_index("year")
    assert list(t.index) == [2025, 2026, 2027, 2028]
    assert list(t["sites_open"]) == [0, 1, 1, 1]
    # 2025: one cohort of 20 × 6 800 €; 2026: cohort + set-up 50 k€ + running 50 k€; then running only.
    assert list(t["public_cost_eur"]) == [136_000, 236_000, 50_000, 50_000]
    assert r.headline["public_cost_eur"].central == pytest.approx(472_000)
    assert t.loc[2028, "delta_co2_lifecycle_t"] == pytest.approx(r.headline["delta_co2_lifecycle_t"].central)
    assert adoption_ramp(2025, 2028) == 0.25 and adoption_ramp(2028, 2028) == 1.0


def test_cost_per_tonne_divides_cumulated_cost_by_cumulated_avoided_co2() -> None:
    r = simulate(FULL, small_territory())
    avoided = -r.trajectory["delta_co2_lifecycle_t"].sum()
    assert r.headline["eur_per_tco2"].central == pytest.approx(472_000 / avoided)
    jobs = r.metrics["jobs_training_residents"].central + r.jobs.direct_tiers_lieux.central
    assert r.headline["eur_per_job"].central == pytest.approx(472_000 / jobs)


def test_a_scenario_with_no_public_spending_has_no_cost_ratio() -> None:
    r = simulate(Scenario(REF, telework=TeleworkLever(50, 2)), small_territory())
    assert math.isnan(r.headline["eur_per_tco2"].central)


def test_every_range_contains_its_central_value_and_most_are_wide() -> None:
    r = simulate(FULL, small_territory())
    for key, rng in r.metrics.items():
        if math.isfinite(rng.central):
            assert rng.low <= rng.central <= rng.high, key
    assert r.headline["delta_co2_lifecycle_t"].low < r.headline["delta_co2_lifecycle_t"].high


def test_tornado_keeps_at_most_ten_assumptions_per_metric() -> None:
    r = simulate(FULL, small_territory())
    assert r.tornado.groupby("metric").size().max() <= 10
    co2 = r.tornado[r.tornado["metric"] == "delta_co2_lifecycle_t"]
    assert "tiers_lieu_effective_share" in set(co2["key"])


def test_quadrature_ranges_and_tornado_on_hand_made_variants() -> None:
    central = {"m": 10.0}
    variants = {"car_occupancy": ({"m": 7.0}, {"m": 14.0}), "detour_factor": ({"m": 12.0}, {"m": 8.0})}
    r = ranges(central, variants)["m"]
    assert r.low == pytest.approx(10 - math.sqrt(3**2 + 2**2))
    assert r.high == pytest.approx(10 + math.sqrt(4**2 + 2**2))
    t = tornado(central, variants, ["m"])
    assert list(t["key"]) == ["car_occupancy", "detour_factor"]
    assert list(t["swing"]) == [7.0, 4.0]


def test_an_override_changes_the_central_value() -> None:
    base = simulate(FULL, small_territory()).headline["delta_co2_lifecycle_t"].central
    crowded = FULL.with_changes(overrides=(("car_occupancy", 1.4),))
    assert simulate(crowded, small_territory()).headline["delta_co2_lifecycle_t"].central > base


def test_an_override_out_of_range_is_refused() -> None:
    with pytest.raises(ScenarioError, match="car_occupancy"):
        simulate(FULL.with_changes(overrides=(("car_occupancy", 3.0),)), small_territory())


def test_without_ranges_everything_collapses_to_the_central_value() -> None:
    r = simulate(FULL, small_territory(), with_ranges=False)
    assert r.tornado.empty
    assert r.headline["delta_co2_lifecycle_t"] == Range(*(r.headline["delta_co2_lifecycle_t"].central,) * 3)


# Regression table for the small territory: central values of FULL (tolerance 1e-6 relative). If the model
# changes on purpose, recompute and explain the change in the commit.
REGRESSION = {
    "delta_co2_lifecycle_t": -12.440762015185504,
    "delta_co2_ttw_t": -9.331194129094488,
    "delta_hours_per_year": -880.8178159651839,
    "household_savings_eur": 13973.165184,
    "public_cost_eur": 472000.0,
    "eur_per_tco2": 18227.491623786802,
    "jobs_direct_tiers_lieux": 2.5,
    "jobs_net_training": 5.494230000000002,
    "jobs_presential_gained": 0.1018278,
    "jobs_presential_lost": 0.2036556,
    "jobs_induced": 4.175614800000002,
}


def test_regression_table_for_the_small_territory() -> None:
    r = simulate(FULL, small_territory())
    got = {k: r.metrics[k].central for k in REGRESSION}
    assert got == pytest.approx(REGRESSION, rel=1e-6)


def test_validation_rows_compare_the_model_with_published_figures() -> None:
    params = resolve({})
    b = compute_baseline(small_territory(), params)
    v = validate_national(b, params).set_index("metric")
    assert {"co2_ttw_mt", "co2_ttw_per_commuter_t", "mean_one_way_km", "share_car_pct",
            "one_weekly_telework_day_kg"} <= set(v.index)
    assert v.loc["mean_one_way_km", "model_value"] == pytest.approx(b.totals["mean_one_way_km"])
    assert v.loc["mean_one_way_km", "gap_pct"] == pytest.approx((b.totals["mean_one_way_km"] - 14.2) / 14.2 * 100)
    weekly = 218 / 5 * b.totals["co2_lifecycle_t"] * 1000 / b.totals["onsite_commuter_days"]
    assert v.loc["one_weekly_telework_day_kg", "model_value"] == pytest.approx(weekly)
    assert v.loc["co2_ttw_per_commuter_t", "model_value"] == pytest.approx(b.totals["co2_ttw_t"] / 250)


def test_a_larger_synthetic_territory_runs_and_conserves_days() -> None:
    inputs = synthetic_inputs(40, 30)
    sites = tuple(TiersLieuSite(f"{10000 + i:05d}", 30, 2025 + i) for i in range(3))
    sc = FULL.with_changes(tiers_lieux=TiersLieuxLever(sites=sites, catchment_km=15))
    r = simulate(sc, inputs)
    d = r.worker_days
    assert d["on_site"] + d["telework"] + d["tiers_lieu"] == pytest.approx(d["total"])
    assert (r.per_commune["on_site_days_per_year"] >= -1e-9).all()
    assert isinstance(r.trajectory, pd.DataFrame)


def test_cost_ratio_ranges_divide_the_cost_range_by_the_denominator_range() -> None:
    r = simulate(FULL, small_territory())
    cost, avoided = r.metrics["public_cost_eur"], r.metrics["co2_avoided_cumulative_t"]
    assert r.headline["eur_per_tco2"].low == pytest.approx(cost.low / avoided.high)
    assert r.headline["eur_per_tco2"].high == pytest.approx(cost.high / avoided.low)
    assert r.headline["eur_per_job"].low > 0
