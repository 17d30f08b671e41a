"""Assemble a briefing from a scenario's result and render it in the asked format (shared by UI and CLI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from maillage.model.assumptions import assumptions_frame
from maillage.model.results import SimulationResult
from maillage.model.scenario import Scenario
from maillage.report.briefing import BriefingData
from maillage.report.pdf_builder import build_pdf
from maillage.report.pptx_builder import build_pptx
from maillage.report.tables import build_csv, build_xlsx, per_commune_table

FORMATS = ("pptx", "pdf", "csv", "xlsx")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ESTIMATED_NOTES = (
    "Flux domicile-travail commune → commune : estimés par un modèle gravitaire calé sur les chiffres publiés "
    "(la base nationale INSEE des flux n'est pas incluse hors ligne).",
    "Emplois des communes de moins de 5 000 habitants : emplois réels de l'EPCI répartis entre ses communes.",
    "Demandeurs d'emploi : taux de chômage (commune ≥ 5 000 hab., sinon département) appliqué aux actifs.",
)


def assemble(scenario: Scenario, result: SimulationResult, *, territory_label: str, today: dt.date,
             provenance: pd.DataFrame, others: Sequence[tuple[str, SimulationResult]] = (),
             scope: str = "lifecycle") -> BriefingData:
    """The briefing content for one scenario (assumptions and estimated-data notes filled in)."""
    return BriefingData(
        territory_label=territory_label, date=today, scenario=scenario, result=result,
        assumptions=assumptions_frame(), provenance=provenance, others=tuple(others),
        estimated_notes=ESTIMATED_NOTES if result.estimated else (), scope=scope,
    )


def render(data: BriefingData, fmt: str) -> bytes:
    """Bytes of the briefing in ``fmt`` (pptx, pdf, csv or xlsx)."""
    if fmt == "pptx":
        return build_pptx(data)
    if fmt == "pdf":
        return build_pdf(data)
    table = per_commune_table(data.result)
    if fmt == "csv":
        return build_csv(table)
    if fmt == "xlsx":
        return build_xlsx(table)
    raise ValueError(f"format inconnu : {fmt} (permis : {', '.join(FORMATS)})")
