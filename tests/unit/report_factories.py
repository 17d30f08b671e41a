"""Hand-built SimulationResult objects for the report tests: small frames with the documented columns.

Per-commune figures are chosen so that they add up to the totals, as the model's output does.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from maillage.model.assumptions import assumptions_frame
from maillage.model.results import (
    FLOW_COLUMNS,
    HEADLINE_KEYS,
    MODES,
    Baseline,
    JobsBreakdown,
    Range,
    SimulationResult,
)
from maillage.model.scenario import (
    Scenario,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)
from maillage.report.briefing import BriefingData

COMMUNES = (("01173", "Gex", 6100.5, 4880.25, 3_200_000.0, 5200.0),
            ("01160", "Divonne-les-Bains", 4300.0, 3010.0, 2_500_000.0, 3900.0),
            ("01354", "Saint-Genis-Pouilly", 5600.0, 4480.5, 2_900_000.0, 4800.0))
SHARES = {"car": 0.74, "pt": 0.12, "bike": 0.03, "walk": 0.06, "two_wheeler": 0.02, "none": 0.03}


def make_baseline() -> Baseline:
    rows = []
    for code, name, co2_lc, co2_ttw, km, hours in COMMUNES:
        rows.append({
            "code": code, "name": name, "employed_residents": 5000.0, "commuters": 4850.0, "km_per_year": km,
            "co2_lifecycle_t": co2_lc, "co2_ttw_t": co2_ttw, "hours_per_year": hours * 100, "leaving": 3500.0,
            "staying": 1500.0, "mean_one_way_km": 14.2, "median_one_way_km": 9.0,
            **{f"share_{m}": SHARES[m] for m in MODES},
        })
    per_commune = pd.DataFrame(rows)
    summed = ("employed_residents", "commuters", "km_per_year", "co2_lifecycle_t", "co2_ttw_t", "hours_per_year",
              "leaving", "staying")
    totals = {k: float(per_commune[k].sum()) for k in summed}
    totals |= {"mean_one_way_km": 14.2, "median_one_way_km": 9.0, "arriving": 800.0, "jobs": 9000.0,
               "job_seekers": 900.0, "population": 40_000.0, **{f"share_{m}": SHARES[m] for m in MODES}}
    per_flow = pd.DataFrame(columns=[*FLOW_COLUMNS, "trips_per_year", "km_per_year", "co2_lifecycle_t",
                                     "co2_ttw_t", "hours_per_year"])
    return Baseline(per_commune=per_commune, per_flow=per_flow, totals=totals)


def make_scenario(name: str = "Gex 2030") -> Scenario:
    return Scenario(
        territory=TerritoryRef("epci", "200042935"), horizon_year=2030, name=name,
        telework=TeleworkLever(adoption_pct=30, days_per_week=2),
        tiers_lieux=TiersLieuxLever(sites=(TiersLieuSite("01173", 20, 2026),)),
        training=TrainingLever(people_per_year=100), overrides=(("car_occupancy", 1.1),),
    )


def make_result(scale: float = 1.0, name: str = "Gex 2030") -> SimulationResult:
    """A result whose by-lever and per-commune deltas add up to the headline central values."""
    by_lever = pd.DataFrame({
        "lever": ["telework", "tiers_lieux", "training"],
        "delta_co2_lifecycle_t": [-1234.5 * scale, -321.25 * scale, 45.5 * scale],
        "delta_co2_ttw_t": [-1000.0 * scale, -260.0 * scale, 37.0 * scale],
        "delta_hours_per_year": [-50_000.0 * scale, -12_000.0 * scale, 2_000.0 * scale],
    })
    co2 = float(by_lever["delta_co2_lifecycle_t"].sum())
    ttw = float(by_lever["delta_co2_ttw_t"].sum())
    hours = float(by_lever["delta_hours_per_year"].sum())
    split = (0.5, 0.3, 0.2)
    per_commune = pd.DataFrame({
        "code": [c[0] for c in COMMUNES], "name": [c[1] for c in COMMUNES],
        "delta_co2_lifecycle_t": [co2 * f for f in split], "delta_co2_ttw_t": [ttw * f for f in split],
        "delta_hours_per_year": [hours * f for f in split], "telework_days_per_year": [9000.0, 6000.0, 5000.0],
        "tiers_lieu_days_per_year": [2000.0, 0.0, 0.0], "jobs_presential_gained": [3.0, 1.5, 1.0],
        "jobs_presential_lost": [0.5, 0.25, 0.25],
    })
    headline = {k: Range(0.0, 0.0, 0.0) for k in HEADLINE_KEYS}
    headline |= {
        "delta_co2_lifecycle_t": Range(co2 * 1.4, co2, co2 * 0.6),
        "delta_co2_ttw_t": Range(ttw * 1.4, ttw, ttw * 0.6),
        "delta_hours_per_year": Range(hours * 1.3, hours, hours * 0.7),
        "delta_min_per_commuter_day": Range(-4.25 * scale, -3.5 * scale, -2.0 * scale),
        "household_savings_eur": Range(400_000.0, 612_345.0, 800_000.0),
        "public_cost_eur": Range(1_500_000.0, 1_800_000.0, 2_100_000.0),
        "eur_per_tco2": Range(210.0, 345.6, 520.0),
        "eur_per_job": Range(25_000.0, 31_250.0, 42_000.0),
    }
    jobs = JobsBreakdown(direct_tiers_lieux=Range(1, 2, 3), net_training=Range(20, 28, 35),
                         presential_gained=Range(3, 5.5, 8), presential_lost=Range(0.5, 1, 2), induced=Range(0, 1, 2))
    trajectory = pd.DataFrame({"year": [2026, 2030], "delta_co2_lifecycle_t": [co2 / 4, co2],
                               "delta_co2_ttw_t": [ttw / 4, ttw], "delta_hours_per_year": [hours / 4, hours],
                               "jobs_net_training": [5.0, 28.0], "jobs_direct_tiers_lieux": [2.0, 2.0],
                               "public_cost_eur": [400_000.0, 350_000.0], "sites_open": [1, 1],
                               "trainees_cumulative": [100, 500]})
    tornado = pd.DataFrame(columns=["key", "label", "metric", "value_low", "value_high", "swing"])
    return SimulationResult(scenario=make_scenario(name), baseline=make_baseline(), headline=headline,
                            by_lever=by_lever, jobs=jobs, per_commune=per_commune, trajectory=trajectory,
                            tornado=tornado, estimated=True, notes=("Flux estimés par un modèle gravitaire.",))


def make_provenance() -> pd.DataFrame:
    return pd.DataFrame({
        "file": ["admin/communes.json.xz", "ademe/base_carbone.csv.xz"], "producer": ["Etalab", "ADEME"],
        "vintage": ["2024", "V22.0"], "licence": ["Licence Ouverte 2.0", "Licence Ouverte 2.0"],
        "sha256": ["0" * 64, "1" * 64], "rows": [34_935, 12_000], "description": ["communes", "facteurs"],
    })


def make_briefing(others: int = 1) -> BriefingData:
    result = make_result()
    extra = [(f"Variante {i + 1}", make_result(scale=0.5 + i, name=f"Variante {i + 1}")) for i in range(others)]
    return BriefingData(
        territory_label="CC du Pays de Gex", date=dt.date(2026, 11, 22), scenario=result.scenario, result=result,
        assumptions=assumptions_frame(), provenance=make_provenance(), others=extra,
        estimated_notes=("Actifs et emplois par commune estimés à partir de la population.",),
    )
