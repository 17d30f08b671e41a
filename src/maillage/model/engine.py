"""Evaluate a scenario for one set of assumption values, cheaply enough to do it ~100 times per simulate.

:func:`build_context` does the per-flow work once (aggregations per home commune, sites located).
:func:`evaluate` then works on per-commune arrays only: it computes the three levers at the horizon year and
the yearly series, using the model's linearity: telework in year y = ramp(y) × telework at the horizon (the
adoption ramp is linear, see trajectory.py), training in year y = jobs(y) × effect of one job, tiers-lieux once
per distinct set of open sites. The tiers-lieu day cap uses the horizon telework level in every year, so the
three kinds of days always add up to the working days.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from maillage.model import jobs as jobs_model
from maillage.model import training as training_model
from maillage.model.assumptions import ASSUMPTIONS
from maillage.model.baseline import CommuteTotals, baseline_telework_fraction, commute_totals
from maillage.model.effects import LeverEffect
from maillage.model.prepare import (
    MODE_INDEX,
    MOVING,
    FloatArray,
    ModeSums,
    Prepared,
    mode_sums,
    per_person_km,
    raw_emission_factors,
    sum_by,
)
from maillage.model.results import TerritoryInputs
from maillage.model.scenario import BASE_YEAR, Scenario
from maillage.model.telework import telework_effect, telework_fraction
from maillage.model.tiers_lieux import (
    Allocation,
    Candidates,
    LocatedSite,
    allocate,
    candidate_threshold_km,
    candidates,
    day_fraction,
    locate_sites,
    tiers_lieux_effect,
)
from maillage.model.trajectory import adoption_ramp
from maillage.model.units import MIN_PER_HOUR

JOB_KEYS: tuple[str, ...] = (
    "jobs_direct_tiers_lieux", "jobs_net_training", "jobs_presential_gained", "jobs_presential_lost", "jobs_induced",
)


@dataclass(frozen=True)
class Context:
    """Everything computed once per simulate (see module docstring)."""

    scenario: Scenario
    prep: Prepared
    ef_raw: tuple[FloatArray, FloatArray]
    sums_all: ModeSums
    sums_stay: ModeSums
    sums_telework: ModeSums
    telework_leaving: FloatArray
    cand: Candidates
    sites: tuple[LocatedSite, ...]
    presential_share: float
    years: tuple[int, ...]
    notes: tuple[str, ...]
    open_by_year: tuple[tuple[LocatedSite, ...], ...] = ()
    cache: dict[tuple[object, ...], Allocation] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Evaluation:
    """Horizon-year effects per lever (per home commune), the yearly series and the scalar metrics."""

    telework: LeverEffect
    tiers_lieux: LeverEffect
    training: LeverEffect
    allocation: Allocation
    telework_fraction: FloatArray
    phi: FloatArray
    yearly: dict[str, FloatArray]
    metrics: dict[str, float]


def _emission(ctx: Context, params: Mapping[str, float]) -> tuple[FloatArray, FloatArray]:
    """kgCO2e per person-km by mode; car factors (per vehicle-km) ÷ car_occupancy."""
    return per_person_km(ctx.ef_raw, params["car_occupancy"])


def _territory_presential(prep: Prepared, params: Mapping[str, float]) -> float:
    """Jobs-weighted présentiel share of the territory's communes (national value when there are no jobs)."""
    total = prep.jobs.sum()
    if total <= 0:
        return params["national_presential_share"]
    return float((prep.presential * prep.jobs).sum() / total)


def build_context(
    scenario: Scenario, inputs: TerritoryInputs, prep: Prepared, params: Mapping[str, float],
    sums_all: ModeSums | None = None,
) -> Context:
    """Per-flow work done once: sums per home commune for all, staying, telework-eligible flows; candidates."""
    tl = scenario.tiers_lieux
    eligible = prep.road_km >= scenario.telework.min_distance_km
    commuters = prep.workers * (1 - prep.shares[:, MODE_INDEX["none"]])
    threshold = candidate_threshold_km(tl.min_commute_km, tl.catchment_km, params)
    reach = tl.catchment_km / ASSUMPTIONS["detour_factor"].low
    years = tuple(range(BASE_YEAR, scenario.horizon_year + 1))
    sites, notes = locate_sites(tl.sites, prep, inputs.work_communes, reach) if tl.active else ([], [])
    if prep.dropped_flows:
        notes.append(f"{prep.dropped_flows} flux ignorés : commune de résidence hors du territoire.")
    return Context(
        scenario=scenario, prep=prep, ef_raw=raw_emission_factors(inputs.emission_factors),
        sums_all=mode_sums(prep) if sums_all is None else sums_all, sums_stay=mode_sums(prep, prep.stay), sums_telework=sums_all if sums_all is not None and eligible.all() else mode_sums(prep, eligible),
        telework_leaving=sum_by(prep.home_idx, commuters * eligible * ~prep.stay, prep.n_communes),
        cand=candidates(prep, threshold), sites=tuple(sites),
        presential_share=_territory_presential(prep, params),
        years=years, notes=tuple(notes),
        open_by_year=tuple(tuple(s for s in sites if s.site.opening_year <= y) for y in years),
    )


def _minus(a: CommuteTotals, b: CommuteTotals) -> CommuteTotals:
    return CommuteTotals(a.km - b.km, a.co2_lifecycle_t - b.co2_lifecycle_t, a.co2_ttw_t - b.co2_ttw_t,
                         a.hours - b.hours, a.onsite_days - b.onsite_days)


def _training_unit(ctx: Context, params: Mapping[str, float], ef: tuple[FloatArray, FloatArray]) -> LeverEffect:
    prep = ctx.prep
    if not ctx.scenario.training.active:
        return LeverEffect.zero(prep.n_communes)
    every = commute_totals(ctx.sums_all, prep.teleworkable, params, ef)
    stay = commute_totals(ctx.sums_stay, prep.teleworkable, params, ef)
    n_all, n_stay = ctx.sums_all.people.sum(axis=1), ctx.sums_stay.people.sum(axis=1)
    return training_model.effect_per_job(
        ctx.scenario.training, prep.job_seekers, prep.employed, (stay, n_stay), (_minus(every, stay), n_all - n_stay)
    )


def _open_sites(ctx: Context, year: int) -> tuple[LocatedSite, ...]:
    return ctx.open_by_year[year - BASE_YEAR]


def _allocation(ctx: Context, open_sites: tuple[LocatedSite, ...], params: Mapping[str, float]) -> Allocation:
    """Users per commune for a set of open sites (cached: only capacity and distance assumptions matter)."""
    key: tuple[object, ...] = (
        tuple(s.order for s in open_sites), params["users_per_seat"] * params["tiers_lieu_effective_share"],
        params["detour_factor"], params["tiers_lieu_access_min_km"],
    )
    if key not in ctx.cache:
        ctx.cache[key] = allocate(open_sites, ctx.cand.people, ctx.scenario.tiers_lieux.catchment_km, params)
    return ctx.cache[key]


def _tiers_lieux_by_year(
    ctx: Context, params: Mapping[str, float], phi: FloatArray, ef: tuple[FloatArray, FloatArray]
) -> dict[int, tuple[Allocation, LeverEffect, dict[str, float]]]:
    """Per year: the allocation, effect and effect totals of the sites open that year (once per distinct set)."""
    out: dict[int, tuple[Allocation, LeverEffect, dict[str, float]]] = {}
    seen: dict[tuple[int, ...], tuple[Allocation, LeverEffect, dict[str, float]]] = {}
    for year in ctx.years:
        open_sites = _open_sites(ctx, year)
        orders = tuple(s.order for s in open_sites)
        if orders not in seen and not open_sites:
            alloc = Allocation(np.zeros(ctx.prep.n_communes), np.zeros(ctx.prep.n_communes), ())
            seen[orders] = (alloc, LeverEffect.zero(ctx.prep.n_communes), LeverEffect.zero(0).totals())
        elif orders not in seen:
            alloc = _allocation(ctx, open_sites, params)
            effect = tiers_lieux_effect(ctx.cand, alloc, phi, params, ef)
            seen[orders] = (alloc, effect, effect.totals())
        out[year] = seen[orders]
    return out


_SERIES = ("co2_lifecycle_t", "co2_ttw_t", "hours")


def _yearly(
    ctx: Context, params: Mapping[str, float], tw: dict[str, float],
    tl: dict[int, tuple[Allocation, LeverEffect, dict[str, float]]], unit: dict[str, float],
) -> dict[str, FloatArray]:
    """Yearly series: CO2 (both scopes), hours, jobs, that year's public cost, sites open, trainees."""
    sc, lever = ctx.scenario, ctx.scenario.training
    years = np.array(ctx.years, dtype=np.float64)
    ramp = np.array([adoption_ramp(y, sc.horizon_year) for y in ctx.years])
    jobs = np.array([training_model.net_jobs(lever, params, y) for y in ctx.years])
    open_now = np.array([len(_open_sites(ctx, y)) for y in ctx.years], dtype=np.float64)
    out = {f"delta_{k}" if k != "hours" else "delta_hours_per_year":
           ramp * tw[k] + np.array([tl[y][2][k] for y in ctx.years]) + jobs * unit[k] for k in _SERIES}
    out["year"] = years
    out["jobs_net_training"] = training_model.local_jobs(1.0, lever) * jobs
    out["jobs_training_residents"] = jobs
    out["sites_open"] = open_now
    out["trainees_cumulative"] = np.array([training_model.trainees_cumulative(lever, y) for y in ctx.years])
    return _with_money(ctx, params, out)


def _with_money(ctx: Context, params: Mapping[str, float], yearly: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Add the yearly public cost (€ that year) and direct tiers-lieu jobs to the physical series."""
    lever = ctx.scenario.training
    opening = np.array([sum(1 for s in ctx.sites if s.site.opening_year == y) for y in ctx.years], dtype=np.float64)
    open_now = yearly["sites_open"]
    out = dict(yearly)
    out["jobs_direct_tiers_lieux"] = jobs_model.direct_jobs(open_now, params)
    out["public_cost_eur"] = (
        opening * params["tiers_lieu_setup_eur"] + open_now * params["tiers_lieu_running_public_eur_per_year"]
        + np.array([training_model.training_cost(lever, params, y) for y in ctx.years])
    )
    return out


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def _metrics(ctx: Context, params: Mapping[str, float], ev: dict[str, LeverEffect], yearly: dict[str, FloatArray]) -> dict[str, float]:
    tot = {name: e.totals() for name, e in ev.items()}
    commuters = float((ctx.sums_all.people * MOVING).sum())
    hours = sum(t["hours"] for t in tot.values())
    cost = float(yearly["public_cost_eur"].sum())
    jobs_h = float(yearly["jobs_training_residents"][-1])
    direct = float(yearly["jobs_direct_tiers_lieux"][-1])
    moved = tot["telework"]["moved_days"] + tot["tiers_lieux"]["moved_days"]
    return {
        "delta_co2_lifecycle_t": sum(t["co2_lifecycle_t"] for t in tot.values()),
        "delta_co2_ttw_t": sum(t["co2_ttw_t"] for t in tot.values()),
        "delta_hours_per_year": hours,
        "delta_min_per_commuter_day": _ratio(hours * MIN_PER_HOUR, commuters * params["working_days_per_year"]) if commuters > 0 else 0.0,
        "household_savings_eur": -(tot["telework"]["car_vehicle_km"] + tot["tiers_lieux"]["car_vehicle_km"]) * params["fuel_cost_eur_per_km"],
        "public_cost_eur": cost,
        "eur_per_tco2": _ratio(cost, -float(yearly["delta_co2_lifecycle_t"].sum())) if cost > 0 else math.nan,
        "eur_per_job": _ratio(cost, direct + jobs_h) if cost > 0 else math.nan,
        "co2_avoided_cumulative_t": -float(yearly["delta_co2_lifecycle_t"].sum()),
        "jobs_for_cost": direct + jobs_h,
        "jobs_direct_tiers_lieux": direct,
        "jobs_net_training": float(yearly["jobs_net_training"][-1]),
        "jobs_training_residents": jobs_h,
        "jobs_presential_gained": jobs_model.presential_gained(moved, params),
        "jobs_presential_lost": jobs_model.presential_lost(moved, params),
        "jobs_induced": jobs_model.induced_jobs(jobs_h, ctx.scenario.training, ctx.presential_share, params),
    }


# Assumptions that only convert physical results into money or jobs: a variant of one of them re-uses the
# levers' physical effects (see :func:`reprice`).
MONEY_AND_JOBS_KEYS = frozenset({
    "fuel_cost_eur_per_km", "tiers_lieu_setup_eur", "tiers_lieu_running_public_eur_per_year", "training_cost_scale",
    "direct_jobs_per_site", "workplace_spending_eur_per_day", "spending_moved_share",
    "turnover_per_presential_job_eur", "jobs_multiplier",
})


def reprice(ctx: Context, ev: Evaluation, params: Mapping[str, float]) -> dict[str, float]:
    """Metrics of ``ev`` under ``params`` that differ from ev's only in MONEY_AND_JOBS_KEYS."""
    yearly = _with_money(ctx, params, ev.yearly)
    effects = {"telework": ev.telework, "tiers_lieux": ev.tiers_lieux, "training": ev.training}
    return _metrics(ctx, params, effects, yearly)


def evaluate(ctx: Context, params: Mapping[str, float]) -> Evaluation:
    """All effects of the scenario under ``params`` (module docstring)."""
    prep, sc = ctx.prep, ctx.scenario
    ef = _emission(ctx, params)
    n = prep.n_communes
    fraction = telework_fraction(prep.teleworkable, sc.telework, params) if sc.telework.active else np.zeros(n)
    tw = telework_effect(ctx.sums_telework, ctx.telework_leaving, fraction, params, ef)
    room = 1 - baseline_telework_fraction(prep.teleworkable, params) - fraction
    phi = day_fraction(sc.tiers_lieux.days_per_week, room, params)
    tl_years = _tiers_lieux_by_year(ctx, params, phi, ef)
    unit = _training_unit(ctx, params, ef)
    yearly = _yearly(ctx, params, tw.totals(), tl_years, unit.totals())
    alloc, tl, _ = tl_years[sc.horizon_year]
    tr = unit.scaled(float(yearly["jobs_training_residents"][-1]))
    effects = {"telework": tw, "tiers_lieux": tl, "training": tr}
    return Evaluation(tw, tl, tr, alloc, fraction, phi, yearly, _metrics(ctx, params, effects, yearly))
