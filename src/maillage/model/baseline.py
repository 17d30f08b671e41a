"""Commuting as it is today: yearly trips, km, CO2 (two scopes, never mixed) and hours, per flow and commune.

Per flow (one way road_km, workers, mode shares; f0 = the home commune's baseline telework fraction):

    on-site days/yr per commuter  = working_days_per_year × (1 − f0)
    f0                            = teleworkable_share × baseline_teleworker_share
                                    × baseline_telework_days_per_week / working_days_per_week
    trips/yr (mode m)             = workers × share_m × on-site days × one_way_trips_per_onsite_day
    person-km/yr                  = trips × road_km
    CO2 t/yr (scope s)            = Σ_m km_m × EF_s(m) / 1000   (cars: EF per vehicle-km ÷ car_occupancy)
    hours/yr                      = Σ_m trips_m × minutes_m / 60
    minutes_m                     = car_minutes for car and two-wheeler; road_km / speed_m × 60 otherwise

The telework already practised (f0) is removed from on-site days here, so the telework lever only adds
days beyond it (never counted twice). Mode 'none' (working at home, farms…) makes no trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from maillage.model.prepare import (
    MOVING,
    FloatArray,
    IntArray,
    ModeSums,
    Prepared,
    emission_vectors,
    mode_sums,
    prepare,
    sum_by,
    trip_minutes,
)
from maillage.model.results import FLOW_COLUMNS, MODES, Baseline, TerritoryInputs
from maillage.model.units import KG_PER_TONNE, MIN_PER_HOUR


@dataclass(frozen=True)
class CommuteTotals:
    """Per home commune, one year: person-km, CO2 t (life-cycle, tank-to-wheel), hours, on-site commuter-days."""

    km: FloatArray
    co2_lifecycle_t: FloatArray
    co2_ttw_t: FloatArray
    hours: FloatArray
    onsite_days: FloatArray


def baseline_telework_fraction(teleworkable: FloatArray, params: Mapping[str, float]) -> FloatArray:
    """f0 = teleworkable × baseline_teleworker_share × baseline_telework_days_per_week / working_days_per_week
    (share of a commuter's working days already teleworked)."""
    days = params["baseline_teleworker_share"] * params["baseline_telework_days_per_week"]
    return np.asarray(teleworkable * days / params["working_days_per_week"], dtype=np.float64)


def commute_totals(
    sums: ModeSums, teleworkable: FloatArray, params: Mapping[str, float], ef: tuple[FloatArray, FloatArray]
) -> CommuteTotals:
    """Yearly commute per commune from per-mode sums: factor = working_days × (1 − f0) × trips per day."""
    onsite = params["working_days_per_year"] * (1 - baseline_telework_fraction(teleworkable, params))
    factor = onsite * params["one_way_trips_per_onsite_day"]
    km = sums.km * MOVING
    minutes = trip_minutes(sums, params)
    commuters = (sums.people * MOVING).sum(axis=1)
    return CommuteTotals(
        km=factor * km.sum(axis=1),
        co2_lifecycle_t=factor * (km @ ef[0]) / KG_PER_TONNE,
        co2_ttw_t=factor * (km @ ef[1]) / KG_PER_TONNE,
        hours=factor * minutes.sum(axis=1) / MIN_PER_HOUR,
        onsite_days=onsite * commuters,
    )


def _weighted_median(groups: IntArray, values: FloatArray, weights: FloatArray, n: int) -> FloatArray:
    """Per group, the smallest value whose cumulative weight reaches half the group's weight (NaN if none).

    One float sort on group + value / (max value + 1), which orders by group then value."""
    out = np.full(n, np.nan)
    if groups.size == 0:
        return out
    scale = float(np.max(values)) + 1
    order = np.argsort(groups + values / scale, kind="stable")
    g, v, w = groups[order], values[order], weights[order]
    cum = np.cumsum(w)
    totals = np.bincount(g, weights=w, minlength=n)
    starts = np.searchsorted(g, np.arange(n), side="left")
    ends = np.searchsorted(g, np.arange(n), side="right")
    before = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0.0)
    pos = np.searchsorted(cum, before + totals / 2, side="left")
    pos = np.minimum(pos, np.maximum(ends - 1, 0))
    has = (totals > 0) & (ends > starts)
    out[has] = v[pos[has]]
    return np.asarray(out, dtype=np.float64)


def _per_flow(prep: Prepared, inputs: TerritoryInputs, params: Mapping[str, float], ef: tuple[FloatArray, FloatArray]) -> pd.DataFrame:
    f0 = baseline_telework_fraction(prep.teleworkable, params)[prep.home_idx]
    factor = params["working_days_per_year"] * (1 - f0) * params["one_way_trips_per_onsite_day"]
    moving = prep.shares * MOVING
    people = prep.workers[:, None] * moving
    minutes = np.zeros_like(moving)
    for m, mode in enumerate(MODES):
        key = f"{mode}_speed_kmh"
        if mode in ("car", "two_wheeler"):
            minutes[:, m] = prep.car_min
        elif key in params:
            minutes[:, m] = prep.road_km / params[key] * MIN_PER_HOUR
    frame = inputs.flows.loc[prep.kept, list(FLOW_COLUMNS)].reset_index(drop=True)
    km = factor * people.sum(axis=1) * prep.road_km
    frame["trips_per_year"] = factor * people.sum(axis=1)
    frame["km_per_year"] = km
    frame["co2_lifecycle_t"] = factor * prep.road_km * (people @ ef[0]) / KG_PER_TONNE
    frame["co2_ttw_t"] = factor * prep.road_km * (people @ ef[1]) / KG_PER_TONNE
    frame["hours_per_year"] = factor * (people * minutes).sum(axis=1) / MIN_PER_HOUR
    return frame


def _safe_div(a: FloatArray, b: FloatArray) -> FloatArray:
    return np.asarray(np.divide(a, b, out=np.full(np.shape(a), np.nan), where=np.asarray(b) > 0), dtype=np.float64)


def _per_commune(prep: Prepared, sums: ModeSums, totals: CommuteTotals) -> pd.DataFrame:
    n = prep.n_communes
    commuters_by_flow = prep.workers * (1 - prep.shares[:, MODES.index("none")])
    commuters = sum_by(prep.home_idx, commuters_by_flow, n)
    staying = sum_by(prep.home_idx, prep.workers * prep.stay, n)
    frame = pd.DataFrame({
        "code": prep.codes.astype(str), "name": prep.names.astype(str), "employed_residents": prep.employed,
        "commuters": commuters, "km_per_year": totals.km, "co2_lifecycle_t": totals.co2_lifecycle_t,
        "co2_ttw_t": totals.co2_ttw_t, "hours_per_year": totals.hours,
        "leaving": sum_by(prep.home_idx, prep.workers, n) - staying, "staying": staying,
        "mean_one_way_km": _safe_div(sum_by(prep.home_idx, commuters_by_flow * prep.road_km, n), commuters),
        "median_one_way_km": _weighted_median(prep.home_idx, prep.road_km, commuters_by_flow, n),
    })
    people_total = sums.people.sum(axis=1)
    for m, mode in enumerate(MODES):
        frame[f"share_{mode}"] = _safe_div(sums.people[:, m], people_total)
    return frame


def _totals(prep: Prepared, inputs: TerritoryInputs, per_commune: pd.DataFrame, totals: CommuteTotals) -> dict[str, float]:
    commuters_by_flow = prep.workers * (1 - prep.shares[:, MODES.index("none")])
    out = {k: float(per_commune[k].sum()) for k in (
        "employed_residents", "commuters", "km_per_year", "co2_lifecycle_t", "co2_ttw_t", "hours_per_year",
        "leaving", "staying")}
    out["workers"] = float(prep.workers.sum())
    out["mean_one_way_km"] = float(np.sum(commuters_by_flow * prep.road_km) / out["commuters"]) if out["commuters"] > 0 else float("nan")
    one = np.zeros(prep.home_idx.shape[0], dtype=np.int64)
    out["median_one_way_km"] = float(_weighted_median(one, prep.road_km, commuters_by_flow, 1)[0])
    people = (prep.shares * prep.workers[:, None]).sum(axis=0)
    for m, mode in enumerate(MODES):
        out[f"share_{mode}"] = float(people[m] / people.sum()) if people.sum() > 0 else float("nan")
    out["onsite_commuter_days"] = float(totals.onsite_days.sum())
    out["jobs"], out["job_seekers"], out["population"] = float(prep.jobs.sum()), float(prep.job_seekers.sum()), float(prep.population.sum())
    out["arriving"] = _arriving(prep, inputs)
    return out


def _arriving(prep: Prepared, inputs: TerritoryInputs) -> float:
    """Workers coming from outside: Σ workers_in_commune − territory residents working inside (NaN if unknown)."""
    if "workers_in_commune" not in inputs.communes.columns:
        return float("nan")
    working_here = pd.to_numeric(inputs.communes["workers_in_commune"], errors="coerce").fillna(0).sum()
    inside = prep.work_idx >= 0
    return float(max(0.0, float(working_here) - float(prep.workers[inside].sum())))


def compute_baseline(inputs: TerritoryInputs, params: Mapping[str, float]) -> Baseline:
    """The baseline of a territory (see the module docstring for formulas; units in column names)."""
    prep = prepare(inputs, params)
    return baseline_from_prepared(prep, inputs, params)


def baseline_from_prepared(
    prep: Prepared, inputs: TerritoryInputs, params: Mapping[str, float], sums: ModeSums | None = None
) -> Baseline:
    """Same as :func:`compute_baseline` on arrays already prepared (simulate reuses them and ``sums``)."""
    ef, per_commune, totals = _per_commune_and_totals(prep, inputs, params, sums)
    return Baseline(per_commune=per_commune, per_flow=_per_flow(prep, inputs, params, ef), totals=totals)


def baseline_totals(inputs: TerritoryInputs, params: Mapping[str, float]) -> dict[str, float]:
    """``compute_baseline(inputs, params).totals`` without building the per-flow table (a territory kept only
    for comparison — a département, a région, France — needs these few numbers, not its flows)."""
    return _per_commune_and_totals(prepare(inputs, params), inputs, params)[2]


def _per_commune_and_totals(
    prep: Prepared, inputs: TerritoryInputs, params: Mapping[str, float], sums: ModeSums | None = None
) -> tuple[tuple[FloatArray, FloatArray], pd.DataFrame, dict[str, float]]:
    """The emission vectors, the per-commune table and the totals of a prepared territory."""
    ef = emission_vectors(inputs.emission_factors, params["car_occupancy"])
    sums = mode_sums(prep) if sums is None else sums
    totals = commute_totals(sums, prep.teleworkable, params, ef)
    per_commune = _per_commune(prep, sums, totals)
    return ef, per_commune, _totals(prep, inputs, per_commune, totals)
