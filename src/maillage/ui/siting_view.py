"""Siting page helpers: run the optimizer on the cached territory inputs and draw its proposal."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from maillage.fmt import fmt_number
from maillage.model.scenario import TerritoryRef, TiersLieuSite
from maillage.model.siting import SitingParams, build_siting_problem, evaluate_existing, propose_sites
from maillage.ui import data, state

OBJECTIVES = {"co2": "CO₂ évité", "hours": "Heures gagnées", "users": "Usagers servis"}


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def _run(db_file: str, level: str, code: str, n_sites: int, seats: int, objective: str, catchment_min: float,
         min_saving: float) -> dict[str, Any]:
    inputs = data.territory_inputs(level, code)
    params = replace(SitingParams(), catchment_min=catchment_min, min_saving_min=min_saving)
    problem = build_siting_problem(inputs, params)
    result = propose_sites(problem, n_sites, objective=objective, capacity_per_site=seats * params.users_per_seat)
    known = data.query("tiers_lieux_in", level=level, code=code)
    existing = evaluate_existing(problem, sorted(set(known["commune_code"]))) if not known.empty else pd.DataFrame()
    return {"territory": f"{level}:{code}", "sites": result.sites, "existing": existing, "seats": seats}


def run(ref: TerritoryRef, n_sites: int, seats: int, objective: str, catchment_min: float,
        min_saving: float) -> dict[str, Any]:
    return _run(str(data.db_path()), ref.level, ref.code, n_sites, seats, objective, catchment_min, min_saving)


def show(result: dict[str, Any], *, big: bool) -> None:
    sites: pd.DataFrame = result["sites"]
    if sites.empty:
        st.warning("Aucun site ne fait gagner assez de temps avec ces réglages : élargissez le temps d'accès "
                   "ou baissez le gain minimal.")
        return
    shown = pd.DataFrame({
        "Rang": sites["rank"],
        "Commune": sites["name"] + " (" + sites["code"] + ")",
        "Usagers captés": [fmt_number(v, 0) for v in sites["users_captured"]],
        "Gain marginal": [fmt_number(v, 1) for v in sites["marginal_gain"]],
        "CO₂ évité (t/an)": [fmt_number(v, 1) for v in sites["co2_avoided_t"]],
        "Heures gagnées (h/an)": [fmt_number(v, 0) for v in sites["hours_saved_per_year"]],
        "Communes desservies": sites["catchment_communes"],
    })
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption("Estimation : usagers = actifs partant en voiture hors de leur commune (flux estimés) ; "
               "un usager vient au tiers-lieu les jours prévus par le scénario. Gains avant effet rebond.")


def show_known(result: dict[str, Any], known: pd.DataFrame) -> None:
    if known.empty:
        st.caption("Aucun site connu (Fabrique de territoire, Manufacture de proximité, France services) ici.")
        return
    st.markdown("**Sites déjà connus du territoire**")
    proposed = set(result["sites"]["code"]) if not result["sites"].empty else set()
    frame = known[["name", "kind", "commune_code"]].copy()
    frame["Proposé aussi par Maillage"] = ["oui" if c in proposed else "" for c in frame["commune_code"]]
    st.dataframe(frame, hide_index=True, width="stretch")


def add_to_scenario(result: dict[str, Any]) -> None:
    """Callback: add the proposed sites to the simulator's scenario (existing sites kept)."""
    s = state.current()
    sites = {x.commune_code: x for x in s.tiers_lieux.sites}
    for code in result["sites"]["code"]:
        sites.setdefault(str(code), TiersLieuSite(str(code), int(result["seats"]), s.training.start_year))
    state.replace_scenario(replace(s, tiers_lieux=replace(s.tiers_lieux, sites=tuple(sites.values()))))
    st.toast(f"{len(result['sites'])} sites ajoutés au scénario : ouvrez le Simulateur.")
