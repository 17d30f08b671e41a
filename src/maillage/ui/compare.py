"""Comparison helpers: headline table, grouped metrics and lever differences of saved scenarios."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from maillage.fmt import fmt_eur, fmt_number
from maillage.model.results import SimulationResult
from maillage.model.scenario import Scenario
from maillage.ui import state


def rename(saved: dict[str, Scenario], old: str, new: str) -> None:
    items = [(new if k == old else k, v.with_changes(name=new) if k == old else v) for k, v in saved.items()]
    saved.clear()
    saved.update(items)


def duplicate(saved: dict[str, Scenario], label: str) -> None:
    if len(saved) >= state.MAX_SAVED:
        return
    i = 2
    while f"{label} ({i})" in saved:
        i += 1
    saved[f"{label} ({i})"] = saved[label].with_changes(name=f"{label} ({i})"[:80])


def delete(saved: dict[str, Scenario], label: str) -> None:
    saved.pop(label, None)


def open_in_simulator(label: str) -> None:
    scenario = state.saved().get(label)
    if scenario is not None:
        state.replace_scenario(scenario)


def headline_table(results: Sequence[tuple[str, SimulationResult]], scope: str) -> pd.DataFrame:
    """One row per headline figure, one column per scenario: 'central (low à high)'."""
    spec = [
        (f"delta_co2_{scope}_t", "Δ CO₂ (t CO₂e/an)", lambda v: fmt_number(v, 0, signed=True)),
        ("delta_hours_per_year", "Δ temps de trajet (h/an)", lambda v: fmt_number(v, 0, signed=True)),
        ("delta_min_per_commuter_day", "Δ min/jour par actif", lambda v: fmt_number(v, 1, signed=True)),
        ("household_savings_eur", "Économies des ménages (€/an)", fmt_eur),
        ("public_cost_eur", "Coût public cumulé (€)", fmt_eur),
        ("eur_per_tco2", "€ par t CO₂e évitée", fmt_eur),
        ("eur_per_job", "€ par emploi", fmt_eur),
    ]
    rows = []
    for key, label, f in spec:
        row = {"Indicateur": label}
        for name, r in results:
            rng = r.headline[key]
            row[name] = f"{f(rng.central)} ({f(rng.low)} à {f(rng.high)})"
        rows.append(row)
    for label, attr in (("Emplois directs tiers-lieux", "direct_tiers_lieux"), ("Emplois nets formation", "net_training"),
                        ("Emplois présentiels gagnés", "presential_gained"),
                        ("Emplois présentiels perdus", "presential_lost"), ("Emplois induits", "induced")):
        row = {"Indicateur": label}
        for name, r in results:
            rng = getattr(r.jobs, attr)
            row[name] = f"{fmt_number(rng.central, 0)} ({fmt_number(rng.low, 0)} à {fmt_number(rng.high, 0)})"
        rows.append(row)
    return pd.DataFrame(rows)


def bar_metrics(results: Sequence[tuple[str, SimulationResult]], scope: str) -> list[tuple[str, list[float]]]:
    return [
        ("Δ CO₂ (t/an)", [r.headline[f"delta_co2_{scope}_t"].central for _, r in results]),
        ("Δ temps (milliers d'h/an)", [r.headline["delta_hours_per_year"].central / 1000 for _, r in results]),
        ("Emplois nets formation", [r.jobs.net_training.central for _, r in results]),
        ("Emplois directs tiers-lieux", [r.jobs.direct_tiers_lieux.central for _, r in results]),
    ]


def lever_diff(scenarios: Sequence[tuple[str, Scenario]]) -> pd.DataFrame:
    """The lever settings of each scenario, one row per setting; rows where all agree are dropped."""
    spec = [
        ("Territoire", lambda s: str(s.territory)),
        ("Horizon", lambda s: str(s.horizon_year)),
        ("Télétravail : adoption (%)", lambda s: fmt_number(s.telework.adoption_pct, 0)),
        ("Télétravail : jours/semaine", lambda s: fmt_number(s.telework.days_per_week, 1)),
        ("Télétravail : trajets d'au moins (km)", lambda s: fmt_number(s.telework.min_distance_km, 0)),
        ("Tiers-lieux : sites", lambda s: ", ".join(f"{x.commune_code} ({x.seats} pl.)" for x in s.tiers_lieux.sites) or "aucun"),
        ("Tiers-lieux : rayon (km)", lambda s: fmt_number(s.tiers_lieux.catchment_km, 0)),
        ("Formation : personnes/an", lambda s: fmt_number(s.training.people_per_year, 0)),
        ("Formation : années", lambda s: str(s.training.years)),
        ("Hypothèses modifiées", lambda s: ", ".join(f"{k}={v:g}" for k, v in s.overrides) or "aucune"),
    ]
    rows = []
    for label, get in spec:
        values = {name: get(s) for name, s in scenarios}
        if len(set(values.values())) > 1 or len(scenarios) == 1:
            rows.append({"Réglage": label, **values})
    return pd.DataFrame(rows) if rows else pd.DataFrame([{"Réglage": "Leviers identiques"}])
