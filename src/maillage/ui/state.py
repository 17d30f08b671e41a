"""Per-visitor state: the scenario in progress, saved scenarios, presenter mode, the shared link.

Everything lives in ``st.session_state`` (one per browser session, never shared between visitors). The
scenario object is the source of truth; widgets are seeded from it and rebuild it when they move. Anything
that replaces the scenario from outside (reset, a saved scenario, a link) goes through :func:`replace_scenario`
inside a callback, so widget values are re-seeded before the widgets are drawn.
"""

from __future__ import annotations

import os
from dataclasses import replace

import streamlit as st

from maillage.data.inputs import UnknownTerritory
from maillage.model.scenario import Scenario, TerritoryRef
from maillage.share import params_to_scenario, scenario_to_params
from maillage.ui import data

DEFAULT_TERRITORY = os.environ.get("MAILLAGE_DEFAULT_TERRITORY", "epci:200069052")  # Grand Belfort
MAX_SAVED = 12
SCENARIO_KEY = "scenario"
SAVED_KEY = "saved_scenarios"
MESSAGES_KEY = "link_messages"
SEED_KEY = "widgets_need_seed"


def default_scenario() -> Scenario:
    return Scenario(territory=TerritoryRef.parse(DEFAULT_TERRITORY))


def territory_exists(ref: TerritoryRef) -> bool:
    frame = data.query("territory_info", level=ref.level, code=ref.code)
    return not frame.empty


def ensure_session() -> None:
    """First run of a session: restore the scenario from the link if any, else the default one."""
    ss = st.session_state
    if SCENARIO_KEY in ss:
        return
    ss[SAVED_KEY] = {}
    ss[MESSAGES_KEY] = []
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    base = default_scenario()
    scenario = base
    if params:
        scenario, messages = params_to_scenario(params, base=base)
        if not territory_exists(scenario.territory):
            messages.append(
                f"Le territoire « {scenario.territory} » du lien n'existe pas dans la base : "
                f"retour au territoire par défaut ({base.territory})."
            )
            scenario = replace(scenario, territory=base.territory, tiers_lieux=replace(scenario.tiers_lieux, sites=()))
        ss[MESSAGES_KEY] = messages
        presenter = params.get("p", ["0"])
        ss["app_presenter"] = bool(presenter) and presenter[-1] == "1"
    ss[SCENARIO_KEY] = scenario
    ss[SEED_KEY] = True


def current() -> Scenario:
    scenario = st.session_state.get(SCENARIO_KEY)
    return scenario if isinstance(scenario, Scenario) else default_scenario()


def set_current(scenario: Scenario) -> None:
    """Record the scenario built from the widgets of this run (no re-seeding)."""
    st.session_state[SCENARIO_KEY] = scenario


def replace_scenario(scenario: Scenario) -> None:
    """Replace the scenario from outside the widgets (call from a callback); widgets are re-seeded."""
    st.session_state[SCENARIO_KEY] = scenario
    st.session_state[SEED_KEY] = True


def change_territory(ref: TerritoryRef) -> None:
    """A new territory keeps telework and training, drops tiers-lieux sites (they belong to the old one)."""
    old = current()
    if old.territory == ref:
        return
    replace_scenario(replace(old, territory=ref, tiers_lieux=replace(old.tiers_lieux, sites=())))
    st.session_state.pop("site_result", None)


def presenter() -> bool:
    return bool(st.session_state.get("app_presenter", False))


def sync_link() -> None:
    """Keep the address bar equal to the scenario (and presenter mode) so the link can be shared."""
    params = scenario_to_params(current())
    if presenter():
        params["p"] = "1"
    if dict(st.query_params.to_dict()) != params:
        st.query_params.from_dict(params)


def saved() -> dict[str, Scenario]:
    return st.session_state.setdefault(SAVED_KEY, {})


def pop_messages() -> list[str]:
    messages = list(st.session_state.get(MESSAGES_KEY, []))
    st.session_state[MESSAGES_KEY] = []
    return messages


__all__ = [
    "UnknownTerritory",
    "change_territory",
    "current",
    "default_scenario",
    "ensure_session",
    "pop_messages",
    "presenter",
    "replace_scenario",
    "saved",
    "set_current",
    "sync_link",
]
