"""Briefing page helpers: assemble the briefing from the session's scenarios and render it (cached)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from maillage.fmt import fmt_number
from maillage.model.scenario import Scenario
from maillage.report.assemble import assemble, render
from maillage.report.briefing import BriefingData, briefing_filename
from maillage.ui import data, state

BUTTONS = {"pptx": "Télécharger la note (PPTX)", "pdf": "Télécharger la note (PDF)",
           "csv": "Chiffres par commune (CSV)", "xlsx": "Chiffres par commune (XLSX)"}


def briefing_data(scenario: Scenario, scope: str) -> tuple[str, BriefingData]:
    result = data.run_simulation(scenario)
    others = [(name, data.run_simulation(s)) for name, s in state.saved().items()
              if s.territory == scenario.territory and s != scenario][:3]
    label = data.territory_inputs(scenario.territory.level, scenario.territory.code).territory_label
    return label, assemble(scenario, result, territory_label=label, today=dt.date.today(),
                           provenance=data.query("provenance"), others=others, scope=scope)


def renderer(briefing: BriefingData, fmt: str) -> Callable[[], bytes]:
    """Deferred rendering: the file is built only when its button is clicked."""
    return partial(render, briefing, fmt)


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
