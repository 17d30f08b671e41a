"""Widgets that return model objects: the territory picker and the three levers.

Every widget has a stable key prefixed by its page (``app_`` for the shared sidebar, ``sim_`` for the
simulator). Widget values are seeded from the current scenario when the scenario was replaced from outside
(reset, link, saved scenario), then the scenario is rebuilt from them on every run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from maillage.model.scenario import (
    BASE_YEAR,
    LEVEL_LABELS_FR,
    LEVELS,
    MAX_HORIZON_YEAR,
    Scenario,
    ScenarioError,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)
from maillage.ui import data, state
from maillage.ui.i18n import t

SEARCH_LIMIT = 40
MAX_SEARCH_CHARS = 60


def normalise(text: str) -> str:
    """Lower-case, accents stripped, trimmed: how names are searched (``Guéret`` → ``gueret``)."""
    decomposed = unicodedata.normalize("NFKD", text[:MAX_SEARCH_CHARS])
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


# --- Territory picker -------------------------------------------------------------------------------


def matching_rows(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose text contains ``query``, accents and case ignored (the whole frame for an empty query)."""
    if not query:
        return frame
    needle = normalise(query)
    mask = frame.apply(lambda row: needle in normalise(" ".join(str(v) for v in row.values)), axis=1)
    return frame[mask]


def _option_label(row: dict[str, Any]) -> str:
    pop = int(row.get("population") or 0)
    return f"{row['name']} ({row['code']}) — {pop:,} hab.".replace(",", "\u202f")


def territory_picker() -> TerritoryRef:
    """Sidebar picker: level, accent-insensitive search, then one territory. Returns the chosen one."""
    scenario = state.current()
    ss = st.session_state
    if ss.get(state.SEED_KEY) or "app_level" not in ss:
        ss["app_level"] = scenario.territory.level
        ss["app_territory"] = scenario.territory.code
        ss["app_search"] = ""
    level = st.sidebar.selectbox(
        t("level"), LEVELS, key="app_level", format_func=lambda lv: LEVEL_LABELS_FR.get(lv, lv)
    )
    if level == "france":
        ref = TerritoryRef("france", "FR")
        state.change_territory(ref)
        return ref
    query = st.sidebar.text_input(t("search"), key="app_search", help=t("search_help"), max_chars=MAX_SEARCH_CHARS)
    frame = data.query("territory_search", level=level, q=normalise(query), limit=SEARCH_LIMIT)
    rows = {str(r["code"]): r for r in frame.to_dict("records")}
    if query and not rows:
        st.sidebar.warning(t("no_match", q=query[:MAX_SEARCH_CHARS]))
    current_code = scenario.territory.code if scenario.territory.level == level else None
    if current_code and current_code not in rows:
        if query and rows:
            current_code = next(iter(rows))  # a search picks its best match at once
        else:
            info = data.query("territory_info", level=level, code=current_code)
            if not info.empty:
                rows = {current_code: info.iloc[0].to_dict(), **rows}
    if not rows:
        return scenario.territory
    codes = list(rows)
    if ss.get("app_territory") not in codes:
        ss["app_territory"] = current_code if current_code in codes else codes[0]
    code = st.sidebar.selectbox(
        t("territory"), codes, key="app_territory", format_func=lambda c: _option_label(rows[c])
    )
    ref = TerritoryRef(level, str(code))
    state.change_territory(ref)
    return ref


# --- Levers --------------------------------------------------------------------------------------------

Getter = Callable[[Scenario], Any]

LEVER_KEYS: dict[str, Getter] = {
    "sim_horizon": lambda s: s.horizon_year,
    "sim_tw_adoption": lambda s: int(round(s.telework.adoption_pct)),
    "sim_tw_days": lambda s: float(s.telework.days_per_week),
    "sim_tw_min_km": lambda s: int(round(s.telework.min_distance_km)),
    "sim_tl_catchment": lambda s: int(round(s.tiers_lieux.catchment_km)),
    "sim_tl_days": lambda s: float(s.tiers_lieux.days_per_week),
    "sim_tl_min_commute": lambda s: int(round(s.tiers_lieux.min_commute_km)),
    "sim_tr_people": lambda s: s.training.people_per_year,
    "sim_tr_years": lambda s: s.training.years,
    "sim_tr_completion": lambda s: int(round(100 * s.training.completion_rate)),
    "sim_tr_rate_trained": lambda s: int(round(100 * s.training.employment_rate_trained)),
    "sim_tr_rate_base": lambda s: int(round(100 * s.training.employment_rate_baseline)),
    "sim_tr_share_local": lambda s: int(round(100 * s.training.share_local)),
    "sim_tr_share_remote": lambda s: int(round(100 * s.training.share_remote)),
    "sim_tr_cost": lambda s: int(round(s.training.cost_per_trainee_eur)),
}


def seed_lever_widgets(scenario: Scenario, *, force: bool) -> None:
    """Write the scenario's values into the lever widgets' state (before they are drawn)."""
    for key, getter in LEVER_KEYS.items():
        if force or key not in st.session_state:
            st.session_state[key] = getter(scenario)


def telework_widgets(scenario: Scenario) -> TeleworkLever:
    adoption = st.slider(
        "Adoption parmi les actifs télétravaillables (%)", 0, 100, step=5, key="sim_tw_adoption",
        help="Part des actifs dont l'emploi peut se faire à distance qui adoptent le rythme choisi, "
        "en plus du télétravail déjà pratiqué (déjà compté dans la situation actuelle).",
    )
    days = st.select_slider(
        "Jours de télétravail par semaine", options=[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0],
        key="sim_tw_days", format_func=lambda d: f"{d:g}".replace(".", ","),
    )
    min_km = st.slider(
        "Seulement pour les trajets d'au moins (km, aller)", 0, 60, step=5, key="sim_tw_min_km",
        help="0 = tous les trajets. Cibler les longs trajets concentre l'effet là où il compte.",
    )
    return TeleworkLever(adoption_pct=float(adoption), days_per_week=float(days), min_distance_km=float(min_km))


def tiers_lieux_settings() -> dict[str, float]:
    catchment = st.slider("Zone de chalandise (km autour du site)", 2, 30, step=1, key="sim_tl_catchment")
    days = st.select_slider(
        "Jours par semaine au tiers-lieu (par usager)", options=[0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0],
        key="sim_tl_days", format_func=lambda d: f"{d:g}".replace(".", ","),
    )
    min_commute = st.slider(
        "Usagers : trajets d'au moins (km, aller)", 0, 60, step=5, key="sim_tl_min_commute",
        help="Les tiers-lieux attirent surtout ceux qui font de longs trajets.",
    )
    return {"catchment_km": float(catchment), "days_per_week": float(days), "min_commute_km": float(min_commute)}


def training_widgets() -> TrainingLever:
    people = st.number_input(
        "Personnes formées par an", min_value=0, max_value=5000, step=10, key="sim_tr_people",
        help="Repère : Numéric'Emploi (Grand Est) forme environ 200 personnes par an.",
    )
    years = st.slider("Nombre d'années du programme", 1, 10, key="sim_tr_years")
    completion = st.slider("Taux d'achèvement (%)", 0, 100, step=5, key="sim_tr_completion")
    c1, c2 = st.columns(2)
    with c1:
        trained = st.slider("En emploi après formation (%)", 0, 100, step=5, key="sim_tr_rate_trained")
    with c2:
        base = st.slider(
            "En emploi sans formation (%)", 0, 100, step=5, key="sim_tr_rate_base",
            help="Ce qui serait arrivé de toute façon (Pôle emploi : 45 % à 6 mois). L'effet net est l'écart.",
        )
    c3, c4 = st.columns(2)
    with c3:
        local = st.slider("Emplois sur place (%)", 0, 100, step=5, key="sim_tr_share_local")
    with c4:
        remote = st.slider("Emplois à distance (%)", 0, 100 - local, step=5, key="sim_tr_share_remote") \
            if local < 100 else 0
    commuting = max(0, 100 - local - remote)
    st.caption(f"Emplois rejoints en faisant la navette : {commuting} % (ils ajoutent des trajets, comptés).")
    cost = st.number_input("Coût par stagiaire (€)", min_value=0, max_value=50_000, step=100, key="sim_tr_cost")
    return TrainingLever(
        people_per_year=int(people), years=int(years), completion_rate=completion / 100,
        employment_rate_trained=trained / 100, employment_rate_baseline=base / 100,
        share_local=local / 100, share_remote=remote / 100, share_commuting=commuting / 100,
        cost_per_trainee_eur=float(cost),
    )


def horizon_widget() -> int:
    return int(st.slider("Horizon", BASE_YEAR + 1, min(MAX_HORIZON_YEAR, BASE_YEAR + 15), key="sim_horizon"))


def build_scenario(
    base: Scenario, telework: TeleworkLever, tl_settings: dict[str, float], training: TrainingLever, horizon: int
) -> tuple[Scenario, str | None]:
    """The scenario the widgets describe, or the previous one and a French message when invalid."""
    try:
        lever = TiersLieuxLever(sites=base.tiers_lieux.sites, **tl_settings)
        return replace(base, telework=telework, tiers_lieux=lever, training=training, horizon_year=horizon), None
    except ScenarioError as exc:
        return base, exc.message


def add_site(code: str, seats: int, year: int) -> None:
    """Callback: add a tiers-lieu to the scenario (one per commune: a second one adds seats)."""
    s = state.current()
    sites = {site.commune_code: site for site in s.tiers_lieux.sites}
    if code in sites:
        old = sites[code]
        sites[code] = TiersLieuSite(code, min(500, old.seats + seats), min(old.opening_year, year))
    else:
        sites[code] = TiersLieuSite(code, seats, year)
    state.replace_scenario(replace(s, tiers_lieux=replace(s.tiers_lieux, sites=tuple(sites.values()))))


def remove_site(code: str) -> None:
    s = state.current()
    sites = tuple(site for site in s.tiers_lieux.sites if site.commune_code != code)
    state.replace_scenario(replace(s, tiers_lieux=replace(s.tiers_lieux, sites=sites)))


def reset_levers() -> None:
    """Callback: back to the baseline (no lever), same territory."""
    s = state.current()
    state.replace_scenario(Scenario(territory=s.territory, horizon_year=s.horizon_year, name=s.name))
