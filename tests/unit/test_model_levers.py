"""Telework, tiers-lieux, training and jobs: each lever's arithmetic written out."""

from __future__ import annotations

import pytest
from model_factories import commune, flow, make_inputs, small_territory

from maillage.model import jobs
from maillage.model.assumptions import resolve
from maillage.model.scenario import (
    Scenario,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)
from maillage.model.simulate import simulate
from maillage.model.telework import extra_days_per_week
from maillage.model.tiers_lieux import great_circle_km
from maillage.model.training import net_gain, net_jobs, trainees_cumulative, training_cost

P = resolve({})
REF = TerritoryRef("epci", "200000172")
F0_HALF = 0.5 * 0.67 * 2 / 5


def scenario(**levers: object) -> Scenario:
    return Scenario(REF, horizon_year=levers.pop("horizon_year", 2030), **levers)  # type: ignore[arg-type]


# --- telework -------------------------------------------------------------------------------------------

def test_extra_telework_days_count_only_days_beyond_current_practice() -> None:
    # 2 days/week: the 67 % already at 2 days add nothing; the other 33 % add 2 days; adoption 50 %.
    assert extra_days_per_week(TeleworkLever(50, 2), P) == pytest.approx(0.5 * (0.33 * 2))
    # 3 days/week: newcomers add 3 days, current teleworkers add 3 − 2 = 1 day.
    assert extra_days_per_week(TeleworkLever(50, 3), P) == pytest.approx(0.5 * (0.33 * 3 + 0.67 * 1))
    assert extra_days_per_week(TeleworkLever(0, 3), P) == 0


def test_telework_co2_is_the_flow_commute_times_days_moved_net_of_rebound() -> None:
    inputs = make_inputs([commune("A")], [flow("A", "B", 100, 20.0, 30.0)])
    r = simulate(scenario(telework=TeleworkLever(50, 3)), inputs)
    x = 0.5 * (0.33 * 3 + 0.67 * 1)
    days = 100 * 0.5 * x / 5 * 218  # teleworkable commuters × share of days × working days
    km = days * 2 * 20 * (1 - 0.31)
    assert r.worker_days["telework"] - r.worker_days["telework_baseline"] == pytest.approx(days)
    assert r.headline["delta_co2_lifecycle_t"].central == pytest.approx(-km * 0.2 / 1.05 / 1000)
    assert r.headline["delta_co2_ttw_t"].central == pytest.approx(-km * 0.15 / 1.05 / 1000)
    assert r.headline["delta_hours_per_year"].central == pytest.approx(-days * 2 * (1 - 0.31) * 30 / 60)
    assert r.headline["household_savings_eur"].central == pytest.approx(km / 1.05 * 0.14)


def test_telework_skips_commutes_shorter_than_the_minimum_distance() -> None:
    inputs = make_inputs([commune("A")], [flow("A", "A", 100, 3.0), flow("A", "B", 100, 20.0)])
    short_too = simulate(scenario(telework=TeleworkLever(50, 2, 0)), inputs).worker_days
    long_only = simulate(scenario(telework=TeleworkLever(50, 2, 10)), inputs).worker_days
    added = lambda d: d["telework"] - d["telework_baseline"]  # noqa: E731
    assert added(long_only) == pytest.approx(added(short_too) / 2)


# --- tiers-lieux ----------------------------------------------------------------------------------------

def test_great_circle_distance_of_one_degree_of_latitude() -> None:
    assert float(great_circle_km(5.0, 45.0, 5.0, 46.0)) == pytest.approx(111.195, abs=0.01)


def test_a_site_swaps_long_car_commutes_for_the_short_trip_up_to_its_capacity() -> None:
    inputs = make_inputs([commune("A", teleworkable_share=0.5)], [flow("A", "W", 100, 30.0, 30.0)],
                         work_communes=[commune("A"), commune("W", lon=5.5)])
    r = simulate(scenario(tiers_lieux=TiersLieuxLever(sites=(TiersLieuSite("A", 10, 2025),), days_per_week=2)), inputs)
    users = 10 * 2.55 * 0.45  # seats × users per seat × share really replacing a long commute
    user_days = users * (2 / 5) * 218
    km_saved = user_days * 2 * (30 - 2.0)  # short trip = minimum access distance in the home commune
    assert r.worker_days["tiers_lieu"] == pytest.approx(user_days)
    assert r.headline["delta_co2_lifecycle_t"].central == pytest.approx(-km_saved * 0.2 / 1.05 / 1000)
    minutes_saved = user_days * 2 * (30 - 2.0 / 40 * 60)
    assert r.headline["delta_hours_per_year"].central == pytest.approx(-minutes_saved / 60)
    assert r.jobs.direct_tiers_lieux.central == pytest.approx(2.5)


def test_users_cannot_exceed_the_candidates_in_reach() -> None:
    inputs = make_inputs([commune("A")], [flow("A", "W", 5, 30.0)], work_communes=[commune("A"), commune("W", lon=5.5)])
    r = simulate(scenario(tiers_lieux=TiersLieuxLever(sites=(TiersLieuSite("A", 100, 2025),), days_per_week=1)), inputs)
    assert r.worker_days["tiers_lieu"] == pytest.approx(5 * (1 / 5) * 218)


def test_communes_beyond_the_catchment_send_no_user() -> None:
    # B lies 0.1° of longitude east of A: 7.87 km great-circle × 1.3 = 10.2 km by road.
    lever = lambda km: TiersLieuxLever(sites=(TiersLieuSite("A", 50, 2025),), catchment_km=km, min_commute_km=15)  # noqa: E731
    near = simulate(scenario(tiers_lieux=lever(10.0)), small_territory()).per_commune.set_index("code")
    far = simulate(scenario(tiers_lieux=lever(11.0)), small_territory()).per_commune.set_index("code")
    assert near.loc["B", "tiers_lieu_days_per_year"] == 0
    assert far.loc["B", "tiers_lieu_days_per_year"] > 0


def test_a_site_opening_after_the_horizon_has_no_effect() -> None:
    lever = TiersLieuxLever(sites=(TiersLieuSite("A", 20, 2031),))
    r = simulate(scenario(tiers_lieux=lever, horizon_year=2030), small_territory())
    assert r.worker_days["tiers_lieu"] == 0
    assert r.trajectory["sites_open"].max() == 0
    assert r.headline["public_cost_eur"].central == 0


def test_a_site_outside_the_known_communes_is_ignored_with_a_note() -> None:
    r = simulate(scenario(tiers_lieux=TiersLieuxLever(sites=(TiersLieuSite("ZZZ", 20, 2025),))), small_territory())
    assert r.worker_days["tiers_lieu"] == 0
    assert any("ZZZ" in n for n in r.notes)


# --- training -------------------------------------------------------------------------------------------

def test_net_training_jobs_accumulate_cohorts_with_retention() -> None:
    lever = TrainingLever(people_per_year=100, years=3, completion_rate=0.85, employment_rate_trained=0.8,
                          employment_rate_baseline=0.45, start_year=2025)
    per_cohort = 100 * 0.85 * (0.8 - 0.45)
    assert net_jobs(lever, P, 2025) == pytest.approx(per_cohort)
    assert net_jobs(lever, P, 2027) == pytest.approx(per_cohort * (0.9**2 + 0.9 + 1))
    assert net_jobs(lever, P, 2030) == pytest.approx(per_cohort * (0.9**5 + 0.9**4 + 0.9**3))
    assert trainees_cumulative(lever, 2030) == 300
    assert training_cost(lever, P, 2026) == 100 * 6800
    assert training_cost(lever, P, 2028) == 0


def test_the_counterfactual_assumption_shifts_the_scenario_rate() -> None:
    lever = TrainingLever(people_per_year=10, employment_rate_trained=0.8, employment_rate_baseline=0.45)
    assert net_gain(lever, P) == pytest.approx(0.35)
    assert net_gain(lever, resolve({"counterfactual_employment_rate": 0.71})) == pytest.approx(0.8 - 0.71)


def test_training_jobs_add_commutes_honestly() -> None:
    r = simulate(scenario(training=TrainingLever(people_per_year=50)), small_territory())
    training = r.by_lever.set_index("lever").loc["training"]
    assert training["delta_co2_lifecycle_t"] > 0
    assert training["delta_hours_per_year"] > 0
    assert r.jobs.net_training.central > 0
    assert any("formation" in n for n in r.notes)


# --- jobs -----------------------------------------------------------------------------------------------

def test_presential_transfer_shows_the_loss_and_the_smaller_gain() -> None:
    days = 1000.0
    lost = days * 8.0 / 80_000
    assert jobs.presential_lost(days, P) == pytest.approx(lost)
    assert jobs.presential_gained(days, P) == pytest.approx(lost * 0.5)


def test_induced_jobs_come_from_basic_jobs_only() -> None:
    lever = TrainingLever(people_per_year=10, share_local=0.5, share_remote=0.25, share_commuting=0.25)
    basic = 10 * (0.25 + 0.25 + 0.5 * (1 - 0.6))
    assert jobs.induced_jobs(10, lever, 0.6, P) == pytest.approx(0.6 * basic)


def test_telework_moves_presential_jobs_from_the_work_commune_to_the_home_commune() -> None:
    inputs = make_inputs([commune("A"), commune("B")], [flow("A", "B", 100, 20.0)])
    r = simulate(scenario(telework=TeleworkLever(50, 3)), inputs)
    pc = r.per_commune.set_index("code")
    days = pc.loc["A", "telework_days_per_year"]
    assert pc.loc["B", "jobs_presential_lost"] == pytest.approx(days * 8 / 80_000)
    assert pc.loc["A", "jobs_presential_gained"] == pytest.approx(days * 8 / 80_000 * 0.5)
    assert r.jobs.presential_lost.central == pytest.approx(pc["jobs_presential_lost"].sum())
