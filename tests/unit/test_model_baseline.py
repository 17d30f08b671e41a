"""Baseline commute: arithmetic written out on tiny territories."""

from __future__ import annotations

import math

import pytest
from model_factories import commune, flow, make_inputs, small_territory

from maillage.model.assumptions import resolve
from maillage.model.baseline import compute_baseline
from maillage.model.results import TerritoryInputs

P = resolve({})
# Baseline telework fraction of a commune with teleworkable share 0.5: 0.5 × 0.67 × 2 / 5.
F0_HALF = 0.5 * 0.67 * 2 / 5
ONSITE_HALF = 218 * (1 - F0_HALF)


def one_flow(**shares: float) -> TerritoryInputs:
    return make_inputs([commune("A")], [flow("A", "B", 100, 20.0, 30.0, **shares)])


def test_car_flow_trips_km_co2_and_hours() -> None:
    b = compute_baseline(one_flow(), P)
    trips = 100 * ONSITE_HALF * 2
    km = trips * 20
    row = b.per_flow.iloc[0]
    assert row["trips_per_year"] == pytest.approx(trips)
    assert row["km_per_year"] == pytest.approx(km)
    assert row["co2_lifecycle_t"] == pytest.approx(km * 0.2 / 1.05 / 1000)
    assert row["co2_ttw_t"] == pytest.approx(km * 0.15 / 1.05 / 1000)
    assert row["hours_per_year"] == pytest.approx(trips * 30 / 60)


def test_public_transport_time_uses_the_speed_assumption() -> None:
    b = compute_baseline(one_flow(car=0.5, pt=0.5), P)
    trips = 100 * ONSITE_HALF * 2
    expected_hours = trips * 0.5 * 30 / 60 + trips * 0.5 * (20 / 18 * 60) / 60
    expected_co2 = trips * 20 * (0.5 * 0.2 / 1.05 + 0.5 * 0.03) / 1000
    assert b.totals["hours_per_year"] == pytest.approx(expected_hours)
    assert b.totals["co2_lifecycle_t"] == pytest.approx(expected_co2)


def test_workers_who_do_not_travel_make_no_trip_and_are_not_commuters() -> None:
    b = compute_baseline(one_flow(car=0.5, none=0.5), P)
    assert b.totals["commuters"] == pytest.approx(50)
    assert b.totals["km_per_year"] == pytest.approx(50 * ONSITE_HALF * 2 * 20)


def test_baseline_telework_is_removed_from_on_site_days() -> None:
    no_telework = make_inputs([commune("A", teleworkable_share=0.0)], [flow("A", "B", 100, 20.0)])
    with_telework = one_flow()
    km0 = compute_baseline(no_telework, P).totals["km_per_year"]
    km1 = compute_baseline(with_telework, P).totals["km_per_year"]
    assert km0 == pytest.approx(100 * 218 * 2 * 20)
    assert km1 / km0 == pytest.approx(1 - F0_HALF)


def test_per_commune_and_totals_add_up_the_flows() -> None:
    b = compute_baseline(small_territory(), P)
    for col in ("km_per_year", "co2_lifecycle_t", "co2_ttw_t", "hours_per_year"):
        assert b.per_commune[col].sum() == pytest.approx(b.per_flow[col].sum())
        assert b.totals[col] == pytest.approx(b.per_flow[col].sum())


def test_leaving_staying_means_medians_and_shares() -> None:
    b = compute_baseline(small_territory(), P)
    a = b.per_commune.set_index("code").loc["A"]
    assert (a["leaving"], a["staying"], a["commuters"]) == (100, 50, 150)
    assert a["mean_one_way_km"] == pytest.approx((50 * 2 + 100 * 35) / 150)
    assert a["median_one_way_km"] == 35.0  # 100 of 150 workers travel 35 km
    assert a["share_car"] == pytest.approx((25 + 80) / 150)
    assert a["share_walk"] == pytest.approx(25 / 150)
    assert b.totals["mean_one_way_km"] == pytest.approx((100 + 3500 + 80 * 30 + 20 * 10) / 250)
    assert b.totals["median_one_way_km"] == 30.0
    assert math.isnan(b.totals["arriving"])


def test_life_cycle_is_never_below_tank_to_wheel() -> None:
    b = compute_baseline(small_territory(), P)
    assert (b.per_flow["co2_ttw_t"] <= b.per_flow["co2_lifecycle_t"]).all()


def test_a_territory_without_flows_has_a_zero_baseline() -> None:
    b = compute_baseline(make_inputs([commune("A")], []), P)
    assert b.totals["co2_lifecycle_t"] == 0
    assert b.totals["commuters"] == 0
    assert math.isnan(b.totals["mean_one_way_km"])
    assert len(b.per_commune) == 1


def test_flows_from_outside_the_territory_are_ignored() -> None:
    inputs = make_inputs([commune("A")], [flow("A", "B", 10, 5.0), flow("Z", "A", 999, 5.0)])
    assert compute_baseline(inputs, P).totals["workers"] == 10


def test_insee_codes_keep_their_leading_zero() -> None:
    b = compute_baseline(make_inputs([commune("01001")], [flow("01001", "01002", 10, 5.0)]), P)
    assert b.per_commune["code"].tolist() == ["01001"]
