"""Drawing a simulation result: KPI cards with ranges, charts, costs. Shared by the simulator and siting pages."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from maillage.fmt import fmt_co2_t, fmt_eur, fmt_number
from maillage.model.results import SCOPE_LABELS_FR, SimulationResult
from maillage.share import scenario_to_params
from maillage.ui import figures, layout, state
from maillage.ui.i18n import tr

SRC_MODEL = ("Calcul Maillage à partir des hypothèses publiées (page Hypothèses & sources) ; fourchette = "
             "hypothèses basses et hautes de ces sources.")


def headline_cards(result: SimulationResult, scope: str) -> None:
    """Four KPI cards: Δ CO2, Δ hours/yr, minutes/day per commuter, € per tCO2 — each with its range."""
    h = result.headline
    co2 = h[f"delta_co2_{scope}_t"]
    hours = h["delta_hours_per_year"]
    minutes = h["delta_min_per_commuter_day"]
    eur_t = h["eur_per_tco2"]
    c1, c2, c3, c4 = layout.card_columns(4)
    with c1:
        layout.kpi(tr("Δ CO₂ des trajets", "Δ CO₂ of commutes"), fmt_co2_t(co2.central, signed=True),
                   detail=f"{SCOPE_LABELS_FR[scope]} ; fourchette {fmt_number(co2.low, 0, signed=True)} à "
                          f"{fmt_number(co2.high, 0, signed=True)} t", source=SRC_MODEL, estimated=result.estimated)
    with c2:
        layout.kpi(tr("Δ temps de trajet", "Δ travel time"), f"{fmt_number(hours.central, 0, signed=True)} h/an",
                   detail=f"fourchette {fmt_number(hours.low, 0, signed=True)} à {fmt_number(hours.high, 0, signed=True)} h/an",
                   source=SRC_MODEL, estimated=result.estimated)
    with c3:
        layout.kpi(tr("Par actif qui se déplace", "Per commuter"), f"{fmt_number(minutes.central, 1, signed=True)} min/jour",
                   detail=f"fourchette {fmt_number(minutes.low, 1, signed=True)} à {fmt_number(minutes.high, 1, signed=True)} min",
                   source=SRC_MODEL)
    with c4:
        shown = fmt_eur(eur_t.central) + " / t CO₂e" if eur_t.central == eur_t.central else "–"
        layout.kpi(tr("Coût public par tonne évitée", "Public cost per tonne avoided"), shown,
                   detail=f"coût public total {fmt_eur(h['public_cost_eur'].central)} ; économies des ménages "
                          f"{fmt_eur(h['household_savings_eur'].central)}/an", source=SRC_MODEL)


def jobs_cards(result: SimulationResult) -> None:
    """Local jobs, one card per kind: never summed into one flattering number."""
    j = result.jobs
    cards = [
        (tr("Emplois directs (tiers-lieux)", "Direct jobs (coworking spaces)"), j.direct_tiers_lieux, "emplois créés dans les tiers-lieux eux-mêmes"),
        (tr("Emplois nets (formation)", "Net jobs (training)"), j.net_training, "au-delà de ce qui serait arrivé sans formation"),
        (tr("Emplois présentiels gagnés", "Local-service jobs gained"), j.presential_gained, "dans les communes de résidence"),
        (tr("Emplois présentiels perdus", "Local-service jobs lost"), j.presential_lost, "dans les communes de travail (transfert)"),
    ]
    for col, (label, rng, detail) in zip(layout.card_columns(len(cards)), cards, strict=True):
        with col:
            layout.kpi(label, fmt_number(rng.central, 1 if abs(rng.central) < 10 else 0),
                       detail=f"{detail} ; fourchette {fmt_number(rng.low, 0)} à {fmt_number(rng.high, 0)}",
                       source=SRC_MODEL)


def costs_table(result: SimulationResult) -> pd.DataFrame:
    h = result.headline
    rows = [
        ("Coût public cumulé jusqu'à l'horizon", h["public_cost_eur"], fmt_eur),
        ("Économies des ménages (carburant) par an", h["household_savings_eur"], fmt_eur),
        ("Coût public par tonne de CO₂e évitée", h["eur_per_tco2"], fmt_eur),
        ("Coût public par emploi (direct + net formation)", h["eur_per_job"], fmt_eur),
    ]
    return pd.DataFrame([{"Indicateur": label, "Basse": f(r.low), "Centrale": f(r.central), "Haute": f(r.high)}
                         for label, r, f in rows])


def share_link(key: str) -> None:
    """The link that reopens exactly this scenario (copy button built into the code block)."""
    params = scenario_to_params(state.current())
    base = (st.context.url or "http://localhost:8501/simulateur").split("?")[0]
    st.code(f"{base}?{urlencode(params)}", language=None, wrap_lines=True)
    st.caption("Ce lien contient tout le scénario : l'ouvrir dans un autre navigateur redonne les mêmes chiffres.")


CHARTS = {"lever": "Δ CO₂ par levier", "jobs": "Emplois locaux", "trajectory": "Trajectoire",
          "tornado": "Hypothèses qui pèsent le plus"}


def charts(result: SimulationResult, scope: str, *, big: bool) -> None:
    """One chart at a time, full width of the results column (readable on a projector, and a lever move
    redraws one figure, not four)."""
    choice = st.radio("Graphique", list(CHARTS), horizontal=True, key="sim_chart", format_func=CHARTS.__getitem__)
    if choice == "lever":
        st.plotly_chart(figures.waterfall_by_lever(result, scope, big=big), width="stretch", key="res_waterfall")
    elif choice == "jobs":
        st.plotly_chart(figures.jobs_bar(result, big=big), width="stretch", key="res_jobs")
    elif choice == "trajectory":
        st.plotly_chart(
            figures.trajectory_chart([("Scénario", result.trajectory)], f"delta_co2_{scope}_t",
                                     "Trajectoire : Δ CO₂ des trajets par an", "t CO₂e/an", big=big),
            width="stretch", key="res_trajectory")
    elif result.tornado.empty:
        st.caption("Aucun levier actif : rien à classer.")
    else:
        st.plotly_chart(figures.tornado_chart(result.tornado, f"delta_co2_{scope}_t", big=big),
                        width="stretch", key="res_tornado")
