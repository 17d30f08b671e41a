"""simulate(scenario, inputs): the whole effect of a scenario, with ranges, tornado and trajectory.

Order of work: resolve assumptions (scenario overrides) → prepare arrays → baseline → context (per-flow
aggregations once) → central evaluation → one-at-a-time variants of every assumption that matters →
ranges (quadrature) and tornado → per-commune table and the worker-days conservation check.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from maillage.model import jobs as jobs_model
from maillage.model.assumptions import ASSUMPTIONS, resolve
from maillage.model.baseline import baseline_from_prepared, baseline_telework_fraction
from maillage.model.engine import (
    JOB_KEYS,
    MONEY_AND_JOBS_KEYS,
    Context,
    Evaluation,
    build_context,
    evaluate,
    reprice,
)
from maillage.model.prepare import CAR, MODE_INDEX, FloatArray, Prepared, mode_sums, prepare, sum_by
from maillage.model.results import HEADLINE_KEYS, JobsBreakdown, Range, SimulationResult, TerritoryInputs
from maillage.model.scenario import Scenario
from maillage.model.tiers_lieux import candidate_threshold_km
from maillage.model.trajectory import trajectory_frame
from maillage.model.uncertainty import Metrics, one_at_a_time, ranges, tornado

# Used only to fill missing commune data when arrays are prepared, so varying them later changes nothing.
_PREPARATION_ONLY = frozenset({"national_teleworkable_share", "national_presential_share"})
METRIC_KEYS: tuple[str, ...] = (*HEADLINE_KEYS, *JOB_KEYS, "jobs_training_residents")


def variant_keys(scenario: Scenario) -> list[str]:
    """Assumptions worth varying for this scenario: those with a range, of a lever that is on."""
    if not (scenario.telework.active or scenario.tiers_lieux.active or scenario.training.active):
        return []
    skip = set(_PREPARATION_ONLY)
    if not scenario.tiers_lieux.active:
        skip |= {k for k, a in ASSUMPTIONS.items() if a.group == "tiers_lieux"}
    if not scenario.training.active:
        skip |= {k for k, a in ASSUMPTIONS.items() if a.group == "training"}
    return [k for k, a in ASSUMPTIONS.items() if a.varies and k not in skip]


def _moved_by_flow(ctx: Context, ev: Evaluation, params: Mapping[str, float]) -> tuple[FloatArray, FloatArray]:
    """Worker-days moved away from each flow's work commune: (telework, tiers-lieux), zero on staying flows."""
    prep, sc = ctx.prep, ctx.scenario
    days = params["working_days_per_year"]
    leaving = ~prep.stay
    commuters = prep.workers * (1 - prep.shares[:, MODE_INDEX["none"]])
    tw = ev.telework_fraction[prep.home_idx] * days * commuters * (prep.road_km >= sc.telework.min_distance_km) * leaving
    threshold = candidate_threshold_km(sc.tiers_lieux.min_commute_km, sc.tiers_lieux.catchment_km, params)
    per_candidate = np.divide(ev.allocation.users * ev.phi * days, ctx.cand.people,
                              out=np.zeros_like(ctx.cand.people), where=ctx.cand.people > 0)
    candidate = prep.workers * prep.shares[:, CAR] * (prep.road_km >= threshold) * leaving
    return tw, per_candidate[prep.home_idx] * candidate


def _presential_per_commune(ctx: Context, ev: Evaluation, params: Mapping[str, float]) -> tuple[FloatArray, FloatArray]:
    """Jobs gained (home commune for telework, site commune for tiers-lieux) and lost (work commune)."""
    prep = ctx.prep
    n = prep.n_communes
    tw, tl = _moved_by_flow(ctx, ev, params)
    inside = prep.work_idx >= 0
    lost_days = sum_by(prep.work_idx[inside], (tw + tl)[inside], n)
    gained_days = sum_by(prep.home_idx, tw, n)
    leaving_ratio = np.divide(ctx.cand.leaving, ctx.cand.people, out=np.zeros(n), where=ctx.cand.people > 0)
    for order, idx, taken in ev.allocation.pairs:
        site = next(s for s in ctx.sites if s.order == order)
        if site.home_index >= 0:
            moved = taken * ev.phi[idx] * params["working_days_per_year"] * leaving_ratio[idx]
            gained_days[site.home_index] += float(moved.sum())
    return (
        np.array([jobs_model.presential_gained(d, params) for d in gained_days]),
        np.array([jobs_model.presential_lost(d, params) for d in lost_days]),
    )


def _per_commune(ctx: Context, ev: Evaluation, params: Mapping[str, float]) -> pd.DataFrame:
    levers = (ev.telework, ev.tiers_lieux, ev.training)
    gained, lost = _presential_per_commune(ctx, ev, params)
    return pd.DataFrame({
        "code": ctx.prep.codes.astype(str), "name": ctx.prep.names.astype(str),
        "delta_co2_lifecycle_t": sum(e.co2_lifecycle_t for e in levers),
        "delta_co2_ttw_t": sum(e.co2_ttw_t for e in levers),
        "delta_hours_per_year": sum(e.hours for e in levers),
        "telework_days_per_year": ev.telework.days, "tiers_lieu_days_per_year": ev.tiers_lieux.days,
        "jobs_presential_gained": gained, "jobs_presential_lost": lost,
        "on_site_days_per_year": _on_site_days(ctx.prep, ev, params),
    })


def _on_site_days(prep: Prepared, ev: Evaluation, params: Mapping[str, float]) -> FloatArray:
    """Per commune: W × (non-travelling workers + commuters × (1 − f0)) − telework days − tiers-lieu days."""
    n, days = prep.n_communes, params["working_days_per_year"]
    none = sum_by(prep.home_idx, prep.workers * prep.shares[:, MODE_INDEX["none"]], n)
    commuters = sum_by(prep.home_idx, prep.workers, n) - none
    f0 = baseline_telework_fraction(prep.teleworkable, params)
    return np.asarray(days * (none + commuters * (1 - f0)) - ev.telework.days - ev.tiers_lieux.days, dtype=np.float64)


def _worker_days(prep: Prepared, ev: Evaluation, on_site: FloatArray, params: Mapping[str, float]) -> dict[str, float]:
    days = params["working_days_per_year"]
    commuters = prep.workers * (1 - prep.shares[:, MODE_INDEX["none"]])
    baseline = float((baseline_telework_fraction(prep.teleworkable, params)[prep.home_idx] * commuters).sum() * days)
    return {
        "on_site": float(on_site.sum()),
        "telework": baseline + float(ev.telework.days.sum()),
        "telework_baseline": baseline,
        "tiers_lieu": float(ev.tiers_lieux.days.sum()),
        "total": float(prep.workers.sum() * days),
    }


def _by_lever(ev: Evaluation) -> pd.DataFrame:
    rows = [
        {"lever": name, "delta_co2_lifecycle_t": float(e.co2_lifecycle_t.sum()),
         "delta_co2_ttw_t": float(e.co2_ttw_t.sum()), "delta_hours_per_year": float(e.hours.sum())}
        for name, e in (("telework", ev.telework), ("tiers_lieux", ev.tiers_lieux), ("training", ev.training))
    ]
    return pd.DataFrame(rows)


def _jobs(r: Mapping[str, Range]) -> JobsBreakdown:
    return JobsBreakdown(
        direct_tiers_lieux=r["jobs_direct_tiers_lieux"], net_training=r["jobs_net_training"],
        presential_gained=r["jobs_presential_gained"], presential_lost=r["jobs_presential_lost"],
        induced=r["jobs_induced"],
    )


def _ratio_ranges(r: dict[str, Range]) -> dict[str, Range]:
    """€ per tCO2 and € per job: a ratio's range is cost range ÷ denominator range (low cost over high
    denominator, and the reverse), not a quadrature sum that could cross zero."""
    out = dict(r)
    for key, den in (("eur_per_tco2", "co2_avoided_cumulative_t"), ("eur_per_job", "jobs_for_cost")):
        cost, d, c = r["public_cost_eur"], r[den], r[key].central
        if math.isfinite(c) and d.low > 0:
            out[key] = Range(cost.low / d.high, c, cost.high / d.low)
        elif math.isfinite(c):
            out[key] = Range(max(0.0, r[key].low), c, r[key].high)
    return out


def _notes(ctx: Context, inputs: TerritoryInputs) -> tuple[str, ...]:
    notes = list(ctx.notes)
    if inputs.estimated:
        notes.append("Flux domicile-travail estimés (modèle), non issus du recensement : ordres de grandeur.")
    if ctx.scenario.training.active:
        notes.append("Les emplois issus de la formation ajoutent des trajets : leur CO2 et leur temps sont comptés.")
    return tuple(notes)


def simulate(scenario: Scenario, inputs: TerritoryInputs, *, with_ranges: bool = True) -> SimulationResult:
    """The scenario's effect at its horizon year against the baseline, with ranges, tornado, trajectory.

    Raises ScenarioError when an override is unknown or out of range. ``with_ranges=False`` skips the
    variants (ranges collapse to the central value, empty tornado), e.g. for quick previews.
    """
    params = resolve(scenario.overrides_dict)
    prep = prepare(inputs, params)
    sums = mode_sums(prep)
    baseline = baseline_from_prepared(prep, inputs, params, sums)
    ctx = build_context(scenario, inputs, prep, params, sums)
    central = evaluate(ctx, params)

    def metrics_of(p: Mapping[str, float]) -> Metrics:
        if all(p[k] == params[k] or k in MONEY_AND_JOBS_KEYS for k in p):
            return reprice(ctx, central, p)
        return evaluate(ctx, p).metrics

    variants = one_at_a_time(metrics_of, params, variant_keys(scenario) if with_ranges else [])
    r = _ratio_ranges(ranges(central.metrics, variants))
    per_commune = _per_commune(ctx, central, params)
    return SimulationResult(
        scenario=scenario, baseline=baseline, headline={k: r[k] for k in HEADLINE_KEYS},
        by_lever=_by_lever(central), jobs=_jobs(r), per_commune=per_commune,
        trajectory=trajectory_frame(central.yearly), tornado=tornado(central.metrics, variants, METRIC_KEYS),
        worker_days=_worker_days(prep, central, per_commune["on_site_days_per_year"].to_numpy(), params),
        estimated=inputs.estimated, notes=_notes(ctx, inputs), metrics=r,
    )
