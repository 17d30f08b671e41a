"""Siting page helpers: run the optimizer on the cached territory inputs and draw its proposal."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from maillage.fmt import fmt_number
from maillage.model.scenario import TerritoryRef, TiersLieuSite
from maillage.model.siting import (
    SitingParams,
    build_siting_problem,
    evaluate_existing,
    flag_duplicates,
    propose_sites,
)
from maillage.ui import data, state

OBJECTIVES = {"co2": "CO₂ évité", "hours": "Heures gagnées", "users": "Usagers servis"}


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def _run(db_file: str, level: str, code: str, n_sites: int, seats: int, objective: str, catchment_min: float,
         min_saving: float) -> dict[str, Any]:
    inputs = data.territory_inputs(level, code)
    known = data.query("tiers_lieux_in", level=level, code=code)
    params = replace(SitingParams(), catchment_min=catchment_min, min_saving_min=min_saving)
    with data.HEAVY_SLOTS:  # a région's problem is large: few at once per process (see data.HEAVY_AT_ONCE)
        problem = build_siting_problem(inputs, params)
        result = propose_sites(problem, n_sites, objective=objective, capacity_per_site=seats * params.users_per_seat)
        existing = evaluate_existing(problem, sorted(set(known["commune_code"]))) if not known.empty else pd.DataFrame()
    duplicates = (flag_duplicates(result.sites, known, params.catchment_crow_km)
                  if not known.empty and not result.sites.empty else pd.DataFrame())
    return {"territory": f"{level}:{code}", "sites": result.sites, "existing": existing, "duplicates": duplicates,
            "seats": seats}


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


KIND_LABELS = {"fabrique_de_territoire": "Fabrique de territoire",
               "manufacture_de_proximite": "Manufacture de proximité", "france_services": "France services"}


def known_sites_table(known: pd.DataFrame) -> pd.DataFrame:
    """Known sites (tiers_lieu mart) with French headings and labels."""
    return pd.DataFrame({"Site": known["name"], "Type": known["kind"].map(KIND_LABELS).fillna(known["kind"]),
                         "Commune": known["commune_code"]})


def show_known(result: dict[str, Any], known: pd.DataFrame) -> None:
    """What the known sites capture today, and which proposed sites duplicate one of them."""
    if known.empty:
        st.caption("Aucun site connu (Fabrique de territoire, Manufacture de proximité, France services) ici.")
        return
    duplicates: pd.DataFrame = result["duplicates"]
    if not duplicates.empty and (duplicates["duplicate_of"] != "").any():
        dup = duplicates[duplicates["duplicate_of"] != ""]
        st.warning("Sites proposés proches d'un site connu (ils se partageraient les mêmes usagers) : " + "; ".join(
            f"{code} ↔ {name} ({fmt_number(km, 1)} km)"
            for code, name, km in dup[["code", "duplicate_name", "distance_km"]].itertuples(index=False)))
    st.markdown("**Sites déjà connus du territoire, et ce qu'ils captent aujourd'hui** (estimation)")
    frame = known_sites_table(known)
    existing: pd.DataFrame = result["existing"]
    if not existing.empty:
        capture = existing.set_index("code")
        frame["Usagers captés"] = [fmt_number(capture["users_captured"].get(c, 0), 0) for c in known["commune_code"]]
        frame["CO₂ évité (t/an)"] = [fmt_number(capture["co2_avoided_t"].get(c, 0), 1) for c in known["commune_code"]]
    st.dataframe(frame, hide_index=True, width="stretch")
    st.caption("Plusieurs sites d'une même commune se partagent les usagers de cette commune (chiffres par commune).")


def add_to_scenario(result: dict[str, Any]) -> None:
    """Callback: add the proposed sites to the simulator's scenario (existing sites kept)."""
    s = state.current()
    sites = {x.commune_code: x for x in s.tiers_lieux.sites}
    for code in result["sites"]["code"]:
        sites.setdefault(str(code), TiersLieuSite(str(code), int(result["seats"]), s.training.start_year))
    state.replace_scenario(replace(s, tiers_lieux=replace(s.tiers_lieux, sites=tuple(sites.values()))))
    st.toast(f"{len(result['sites'])} sites ajoutés au scénario : ouvrez le Simulateur.")
