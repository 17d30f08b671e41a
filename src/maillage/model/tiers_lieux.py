"""Tiers-lieux lever: long car commutes swapped for a short car trip to a nearby site, some days a week.

Candidates are car commuters on flows with one-way road_km ≥ max(min_commute_km, catchment_km,
tiers_lieu_access_min_km) — so the site is never farther than the trip it replaces. A home commune c can use
site s when the road distance

    d_cs = max(detour_factor × great-circle(c, s), tiers_lieu_access_min_km)

is within catchment_km (the site's own commune always can). Sites are filled in order of opening year (then
of the list): each takes users = min(1, capacity_s / pool) × pool_c from the communes in reach, where

    capacity_s = seats × users_per_seat × tiers_lieu_effective_share

(users who really replace a long commute) and pool_c is what earlier sites left. A user works there
φ_c = min(days_per_week / working_days_per_week, 1 − f0_c − telework_fraction_c) of working days (telework
comes first, so days always add up), and each such day changes (EF_car per vehicle-km ÷ occupancy)

    Δkm = − trips_per_day × (L_c − d̄_c),  ΔCO2 = Δkm × EF_car / 1000,
    Δmin = − trips_per_day × (T_c − d̄_c / local_car_speed × 60)

with L_c, T_c the candidates' mean one-way km and minutes and d̄_c their mean distance to their site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from maillage.model.effects import LeverEffect
from maillage.model.prepare import CAR, FloatArray, IntArray, Prepared, sum_by
from maillage.model.scenario import TiersLieuSite
from maillage.model.units import EARTH_RADIUS_KM, KG_PER_TONNE, MIN_PER_HOUR


@dataclass(frozen=True)
class LocatedSite:
    """A scenario site with its coordinates and, per commune within the widest reach, great-circle km."""

    site: TiersLieuSite
    order: int
    home_index: int  # row of the site commune among the territory communes, −1 if outside
    reach_idx: IntArray
    reach_km: FloatArray


@dataclass(frozen=True)
class Candidates:
    """Per home commune: car commuters eligible (people), Σ their one-way km and minutes, and those leaving."""

    people: FloatArray
    km: FloatArray
    minutes: FloatArray
    leaving: FloatArray


@dataclass(frozen=True)
class Allocation:
    """Users per home commune, Σ users × distance to their site, and per site the (commune, users) pairs."""

    users: FloatArray
    distance_sum: FloatArray
    pairs: tuple[tuple[int, IntArray, FloatArray], ...]


def great_circle_km(lon1: FloatArray | float, lat1: FloatArray | float, lon2: float, lat2: float) -> FloatArray:
    """Haversine distance in km on a sphere of EARTH_RADIUS_KM."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64)


def candidate_threshold_km(min_commute_km: float, catchment_km: float, params: Mapping[str, float]) -> float:
    """One-way road km from which a car commuter is a candidate user (never shorter than the site trip)."""
    return max(min_commute_km, catchment_km, params["tiers_lieu_access_min_km"])


def candidates(prep: Prepared, threshold_km: float) -> Candidates:
    """Sum per home commune over car commuters on flows with road_km ≥ threshold_km."""
    n = prep.n_communes
    weight = prep.workers * prep.shares[:, CAR] * (prep.road_km >= threshold_km)
    return Candidates(
        people=sum_by(prep.home_idx, weight, n),
        km=sum_by(prep.home_idx, weight * prep.road_km, n),
        minutes=sum_by(prep.home_idx, weight * prep.car_min, n),
        leaving=sum_by(prep.home_idx, weight * ~prep.stay, n),
    )


def locate_sites(
    sites: Sequence[TiersLieuSite], prep: Prepared, work_communes: pd.DataFrame, max_reach_km: float
) -> tuple[list[LocatedSite], list[str]]:
    """Coordinates of each site's commune (territory communes first, then work communes); French notes
    for the sites that cannot be placed."""
    coords: dict[str, tuple[float, float]] = {}
    if {"code", "lon", "lat"} <= set(work_communes.columns):
        for code, lon, lat in zip(work_communes["code"].astype(str), work_communes["lon"], work_communes["lat"], strict=True):
            coords[code] = (float(lon), float(lat))
    coords.update({str(c): (float(x), float(y)) for c, x, y in zip(prep.codes, prep.lon, prep.lat, strict=True)})
    rows = {str(c): i for i, c in enumerate(prep.codes)}
    located: list[LocatedSite] = []
    notes: list[str] = []
    for order, site in enumerate(sites):
        lon, lat = coords.get(site.commune_code, (float("nan"), float("nan")))
        if not (np.isfinite(lon) and np.isfinite(lat)):
            notes.append(f"Tiers-lieu à {site.commune_code} ignoré : commune sans coordonnées dans la base.")
            continue
        gc = great_circle_km(prep.lon, prep.lat, lon, lat)
        own = rows.get(site.commune_code, -1)
        reach = np.flatnonzero(np.nan_to_num(gc, nan=np.inf) <= max_reach_km)
        if own >= 0 and own not in set(reach.tolist()):
            reach = np.append(reach, own)
        located.append(LocatedSite(site, order, own, reach.astype(np.int64), gc[reach]))
    return located, notes


def allocate(
    located: Sequence[LocatedSite], pool: FloatArray, catchment_km: float, params: Mapping[str, float]
) -> Allocation:
    """Fill sites in (opening year, order) with the candidates in reach (module docstring)."""
    remaining = pool.copy()
    users = np.zeros_like(pool)
    distance_sum = np.zeros_like(pool)
    pairs: list[tuple[int, IntArray, FloatArray]] = []
    per_seat = params["users_per_seat"] * params["tiers_lieu_effective_share"]
    for loc in sorted(located, key=lambda s: (s.site.opening_year, s.order)):
        dist = np.maximum(params["detour_factor"] * np.nan_to_num(loc.reach_km), params["tiers_lieu_access_min_km"])
        ok = (dist <= catchment_km) | (loc.reach_idx == loc.home_index)
        idx, dist = loc.reach_idx[ok], dist[ok]
        available = remaining[idx]
        total = available.sum()
        if total <= 0:
            continue
        taken = available * min(1.0, loc.site.seats * per_seat / total)
        remaining[idx] -= taken
        users[idx] += taken
        distance_sum[idx] += taken * dist
        pairs.append((loc.order, idx, taken))
    return Allocation(users, distance_sum, tuple(pairs))


def day_fraction(days_per_week: float, room: FloatArray, params: Mapping[str, float]) -> FloatArray:
    """φ_c = min(days_per_week / working_days_per_week, room_c): share of a user's working days on site."""
    return np.clip(np.minimum(days_per_week / params["working_days_per_week"], room), 0.0, None)


def tiers_lieux_effect(
    cand: Candidates, alloc: Allocation, phi: FloatArray, params: Mapping[str, float], ef: tuple[FloatArray, FloatArray]
) -> LeverEffect:
    """Yearly effect per home commune (module docstring); users are a share of the candidates."""
    user_days = alloc.users * phi * params["working_days_per_year"]
    has = cand.people > 0
    long_km = np.divide(cand.km, cand.people, out=np.zeros_like(cand.km), where=has)
    long_min = np.divide(cand.minutes, cand.people, out=np.zeros_like(cand.km), where=has)
    short_km = np.divide(alloc.distance_sum, alloc.users, out=np.zeros_like(cand.km), where=alloc.users > 0)
    trips = user_days * params["one_way_trips_per_onsite_day"]
    km_saved = trips * (long_km - short_km)
    minutes_saved = trips * (long_min - short_km / params["local_car_speed_kmh"] * MIN_PER_HOUR)
    leaving = np.divide(cand.leaving, cand.people, out=np.zeros_like(cand.km), where=has)
    return LeverEffect(
        co2_lifecycle_t=-km_saved * ef[0][CAR] / KG_PER_TONNE,
        co2_ttw_t=-km_saved * ef[1][CAR] / KG_PER_TONNE,
        hours=-minutes_saved / MIN_PER_HOUR,
        car_vehicle_km=-km_saved / params["car_occupancy"],
        days=user_days,
        moved_days=user_days * leaving,
    )
