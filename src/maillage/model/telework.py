"""Telework lever: extra home-telework days among teleworkable commuters, net of rebound.

Per teleworkable commuter (a = adoption_pct / 100 × ramp, D = days_per_week; baseline: a share p0 of them
already telework d0 days):

    extra days/week x = a × [(1 − p0) × D + p0 × max(0, D − d0)]

i.e. adopters who did not telework start D days; adopters who already did d0 days add only D − d0 (never
counted twice). The share of a commuter's working days moved home on a flow of home commune c, if the
flow's one-way road_km ≥ min_distance_km:

    fraction_c = teleworkable_c × x / working_days_per_week

and the yearly effect (trips avoided by the flow's own mode mix):

    ΔCO2_c  = − fraction_c × working_days × trips_per_day × (1 − rebound) × Σ_m km_m,c × EF(m) / 1000
    Δhours  = − fraction_c × working_days × trips_per_day × (1 − rebound) × Σ_m minutes_m,c / 60

The ADEME rebound (extra trips, home energy) is applied to CO2, km and time alike, a cautious simplification.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from maillage.model.effects import LeverEffect
from maillage.model.prepare import CAR, MOVING, FloatArray, ModeSums, trip_minutes
from maillage.model.scenario import TeleworkLever
from maillage.model.units import KG_PER_TONNE, MIN_PER_HOUR, PERCENT


def extra_days_per_week(lever: TeleworkLever, params: Mapping[str, float], ramp: float = 1.0) -> float:
    """x = a × [(1 − p0) × D + p0 × max(0, D − d0)] extra telework days/week per teleworkable commuter."""
    adoption = lever.adoption_pct / PERCENT * ramp
    p0 = params["baseline_teleworker_share"]
    d0 = params["baseline_telework_days_per_week"]
    days = lever.days_per_week
    return float(adoption * ((1 - p0) * days + p0 * max(0.0, days - d0)))


def telework_fraction(teleworkable: FloatArray, lever: TeleworkLever, params: Mapping[str, float]) -> FloatArray:
    """Share of working days moved home per commuter on an eligible flow: teleworkable × x / days per week."""
    x = extra_days_per_week(lever, params)
    return np.asarray(teleworkable * x / params["working_days_per_week"], dtype=np.float64)


def telework_effect(
    sums: ModeSums,
    leaving_commuters: FloatArray,
    fraction: FloatArray,
    params: Mapping[str, float],
    ef: tuple[FloatArray, FloatArray],
) -> LeverEffect:
    """Yearly effect per home commune; ``sums`` cover the eligible flows (road_km ≥ min_distance_km),
    ``leaving_commuters`` the commuters of those flows who work outside their home commune."""
    days = fraction * params["working_days_per_year"]
    net = days * params["one_way_trips_per_onsite_day"] * (1 - params["telework_rebound_share"])
    km = sums.km * MOVING
    commuters = (sums.people * MOVING).sum(axis=1)
    return LeverEffect(
        co2_lifecycle_t=-net * (km @ ef[0]) / KG_PER_TONNE,
        co2_ttw_t=-net * (km @ ef[1]) / KG_PER_TONNE,
        hours=-net * trip_minutes(sums, params).sum(axis=1) / MIN_PER_HOUR,
        car_vehicle_km=-net * km[:, CAR] / params["car_occupancy"],
        days=days * commuters,
        moved_days=days * leaving_commuters,
    )
