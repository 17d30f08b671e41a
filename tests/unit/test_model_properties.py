"""Property tests (hypothesis) of the simulation core."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from model_factories import small_territory, synthetic_inputs

from maillage.model.scenario import (
    Scenario,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)
from maillage.model.simulate import simulate

REF = TerritoryRef("epci", "200000172")
SMALL = small_territory()
SYNTH = synthetic_inputs(12, 10, seed=3)
FAST = settings(deadline=None, max_examples=30)

adoption = st.floats(0, 100)
days = st.floats(0, 5)
distance = st.floats(0, 40)
seats = st.integers(1, 500)
trainees = st.integers(0, 2000)


def telework(a: float, d: float, m: float = 0.0) -> Scenario:
    return Scenario(REF, telework=TeleworkLever(a, d, m))


def one_site(n_seats: int, tl_days: float = 2.0, catchment: float = 10.0, min_commute: float = 15.0) -> Scenario:
    sites = (TiersLieuSite("A", n_seats, 2025),)
    return Scenario(REF, tiers_lieux=TiersLieuxLever(sites, catchment, tl_days, min_commute))


def avoided(s: Scenario, inputs: object = SMALL) -> float:
    return -simulate(s, inputs, with_ranges=False).headline["delta_co2_lifecycle_t"].central  # type: ignore[arg-type]


scenarios = st.builds(
    lambda a, d, m, n, tld, c, mc, t, h: Scenario(
        REF, horizon_year=h, telework=TeleworkLever(a, d, m),
        tiers_lieux=TiersLieuxLever((TiersLieuSite("10003", n, 2025), TiersLieuSite("10007", n, 2027)), c, tld, mc),
        training=TrainingLever(people_per_year=t),
    ),
    adoption, days, distance, seats, st.floats(0.5, 5), st.floats(1, 60), distance, trainees, st.integers(2025, 2040),
)


def test_no_lever_changes_nothing() -> None:
    r = simulate(Scenario(REF), SMALL)
    for key in ("delta_co2_lifecycle_t", "delta_co2_ttw_t", "delta_hours_per_year", "household_savings_eur",
                "public_cost_eur"):
        assert r.headline[key].central == 0 and r.headline[key].low == 0 and r.headline[key].high == 0
    assert r.worker_days["telework"] == r.worker_days["telework_baseline"]
    assert r.worker_days["tiers_lieu"] == 0
    assert (r.per_commune["delta_co2_lifecycle_t"] == 0).all()
    assert r.tornado.empty


@FAST
@given(adoption, adoption, days, distance)
def test_more_telework_adoption_never_lowers_co2_avoided(a1: float, a2: float, d: float, m: float) -> None:
    lo, hi = sorted((a1, a2))
    assert avoided(telework(hi, d, m)) >= avoided(telework(lo, d, m)) - 1e-9


@FAST
@given(adoption, days, days)
def test_more_telework_days_never_lower_co2_avoided(a: float, d1: float, d2: float) -> None:
    lo, hi = sorted((d1, d2))
    assert avoided(telework(a, hi)) >= avoided(telework(a, lo)) - 1e-9


@FAST
@given(seats, seats, st.floats(0.5, 5), st.floats(1, 60), distance)
def test_more_seats_never_lower_co2_avoided(s1: int, s2: int, tl_days: float, catchment: float, mc: float) -> None:
    lo, hi = sorted((s1, s2))
    assert avoided(one_site(hi, tl_days, catchment, mc)) >= avoided(one_site(lo, tl_days, catchment, mc)) - 1e-9


@FAST
@given(trainees, trainees)
def test_more_trainees_never_lower_jobs_and_add_their_commutes(t1: int, t2: int) -> None:
    lo, hi = sorted((t1, t2))
    base = Scenario(REF, telework=TeleworkLever(30, 2))
    r_lo = simulate(base.with_changes(training=TrainingLever(people_per_year=lo)), SMALL, with_ranges=False)
    r_hi = simulate(base.with_changes(training=TrainingLever(people_per_year=hi)), SMALL, with_ranges=False)
    assert r_hi.jobs.net_training.central >= r_lo.jobs.net_training.central
    lever = lambda r, name: r.by_lever.set_index("lever").loc[name, "delta_co2_lifecycle_t"]  # noqa: E731
    assert lever(r_hi, "training") >= lever(r_lo, "training") >= 0
    assert lever(r_hi, "telework") == lever(r_lo, "telework")


@FAST
@given(scenarios)
def test_worker_days_are_conserved_and_never_negative(s: Scenario) -> None:
    r = simulate(s, SYNTH, with_ranges=False)
    d = r.worker_days
    assert math.isclose(d["on_site"] + d["telework"] + d["tiers_lieu"], d["total"], rel_tol=1e-9)
    assert min(d.values()) >= 0
    assert (r.per_commune["on_site_days_per_year"] >= -1e-6).all()


@FAST
@given(scenarios)
def test_co2_avoided_never_exceeds_the_baseline(s: Scenario) -> None:
    r = simulate(s.with_changes(training=TrainingLever()), SYNTH, with_ranges=False)
    for scope in ("lifecycle", "ttw"):
        delta = r.headline[f"delta_co2_{scope}_t"].central
        assert -delta <= r.baseline.totals[f"co2_{scope}_t"] + 1e-9
        assert delta <= 1e-9


@FAST
@given(scenarios)
def test_tank_to_wheel_stays_below_life_cycle(s: Scenario) -> None:
    r = simulate(s, SYNTH, with_ranges=False)
    assert (r.baseline.per_flow["co2_ttw_t"] <= r.baseline.per_flow["co2_lifecycle_t"] + 1e-12).all()
    for _, row in r.by_lever.iterrows():
        assert abs(row["delta_co2_ttw_t"]) <= abs(row["delta_co2_lifecycle_t"]) + 1e-9


@FAST
@given(scenarios)
def test_scenario_json_round_trips(s: Scenario) -> None:
    assert Scenario.from_json(s.to_json()) == s


@settings(deadline=None, max_examples=15)
@given(scenarios)
def test_ranges_contain_the_central_value(s: Scenario) -> None:
    r = simulate(s, SYNTH)
    for key, rng in r.metrics.items():
        if math.isfinite(rng.central):
            assert rng.low <= rng.central <= rng.high, key
