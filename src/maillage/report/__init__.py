"""Briefing builders: results in, bytes (PPTX, PDF, CSV, XLSX) out. Imports model and fmt only."""

from maillage.report.briefing import BriefingData, briefing_filename, briefing_sections
from maillage.report.pdf_builder import build_pdf
from maillage.report.pptx_builder import build_pptx
from maillage.report.tables import build_csv, build_xlsx, per_commune_table

__all__ = [
    "BriefingData",
    "briefing_filename",
    "briefing_sections",
    "build_csv",
    "build_pdf",
    "build_pptx",
    "build_xlsx",
    "per_commune_table",
]
