"""Briefing page helpers: assemble the briefing from the session's scenarios and render it (cached).

The files are rendered when the page is drawn, not on click. Streamlit's deferred downloads (a callable as
``data``) store the generated file unattached to any session, so any other visitor's two script runs delete
it (``MediaFileManager.remove_orphaned_files``); under load the browser then fetched a deleted file and the
download was cancelled (seen in ``make loadtest``). Rendered bytes are cached per briefing content, so a
return to the page or a change of tab costs nothing.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from maillage.fmt import fmt_number
from maillage.model.scenario import Scenario
from maillage.report.assemble import assemble, render
from maillage.report.briefing import BriefingData, briefing_filename
from maillage.ui import data, state

BUTTONS = {"pptx": "Télécharger la note (PPTX)", "pdf": "Télécharger la note (PDF)",
           "csv": "Chiffres par commune (CSV)", "xlsx": "Chiffres par commune (XLSX)"}


def briefing_data(scenario: Scenario, scope: str) -> tuple[str, BriefingData, str]:
    """The territory label, the briefing, and a key that changes whenever the briefing's content would."""
    today = dt.date.today()
    saved = [(name, s) for name, s in state.saved().items() if s.territory == scenario.territory and s != scenario][:3]
    others = [(name, data.run_simulation(s)) for name, s in saved]
    result = data.run_simulation(scenario)
    label = data.territory_inputs(scenario.territory.level, scenario.territory.code).territory_label
    key = "|".join([str(data.db_path()), today.isoformat(), scope, scenario.to_json(),
                    *(f"{name}={s.to_json()}" for name, s in saved)])
    return label, assemble(scenario, result, territory_label=label, today=today,
                           provenance=data.query("provenance"), others=others, scope=scope), key


@st.cache_data(max_entries=128, ttl=data.CACHE_TTL_S, show_spinner=False)
def _rendered(key: str, fmt: str, _briefing: BriefingData) -> bytes:
    return render(_briefing, fmt)


def rendered(key: str, briefing: BriefingData, fmt: str) -> bytes:
    """The briefing's file in ``fmt``, cached by the briefing's content key (see briefing_data)."""
    return _rendered(key, fmt, briefing)


def filename(label: str, fmt: str) -> str:
    return briefing_filename(label, dt.date.today(), fmt)


def levers_summary(s: Scenario) -> str:
    parts = []
    if s.telework.active:
        parts.append(f"télétravail {fmt_number(s.telework.adoption_pct, 0)} % × {fmt_number(s.telework.days_per_week, 1)} j/sem.")
    if s.tiers_lieux.active:
        parts.append(f"{len(s.tiers_lieux.sites)} tiers-lieu(x)")
    if s.training.active:
        parts.append(f"formation {s.training.people_per_year} pers./an × {s.training.years} ans")
    return ", ".join(parts) or "aucun (situation actuelle)"
