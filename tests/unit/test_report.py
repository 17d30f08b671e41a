"""Briefing exports: reopen each file and check it says what the results say, formatted the French way."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader
from report_factories import make_briefing, make_result

from maillage.fmt import fmt_number
from maillage.report import (
    briefing_filename,
    briefing_sections,
    build_csv,
    build_pdf,
    build_pptx,
    build_xlsx,
    per_commune_table,
)
from maillage.report.pdf_builder import find_font_dir
from maillage.report.tables import PER_COMMUNE_HEADERS_FR, baseline_comparison, lever_deltas

EXPECTED_TITLES = (
    "Maillage — note de synthèse", "Situation actuelle : les trajets domicile-travail", "Les leviers du scénario",
    "Résultats à l'horizon 2030", "Comparaison avec les autres scénarios", "Coûts et emplois",
    "Hypothèses et sources", "Données utilisées", "Méthode et limites",
)


def _slides(data: bytes) -> list:
    return list(Presentation(io.BytesIO(data)).slides)


def _charts(slide) -> list:  # type: ignore[no-untyped-def]
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _title(slide) -> str:  # type: ignore[no-untyped-def]
    return slide.shapes.title.text if slide.shapes.title is not None else ""


# --- PPTX ----------------------------------------------------------------------------------------------


def test_pptx_has_every_expected_slide_in_order() -> None:
    titles = [_title(s) for s in _slides(build_pptx(make_briefing()))]
    firsts = [t for t in titles if not t.endswith("(suite)")]
    assert tuple(firsts) == EXPECTED_TITLES
    assert any(t == "Hypothèses et sources (suite)" for t in titles)  # the long table continues


def test_pptx_without_other_scenarios_has_no_comparison_slide() -> None:
    titles = [_title(s) for s in _slides(build_pptx(make_briefing(others=0)))]
    assert "Comparaison avec les autres scénarios" not in titles


def test_pptx_lever_chart_is_native_and_holds_the_results_numbers() -> None:
    data = make_briefing()
    slide = next(s for s in _slides(build_pptx(data)) if _title(s).startswith("Résultats"))
    (chart,) = _charts(slide)
    assert tuple(chart.plots[0].categories) == ("Télétravail", "Tiers-lieux", "Formation numérique")
    (series,) = chart.plots[0].series
    by_lever = data.result.by_lever.set_index("lever")["delta_co2_lifecycle_t"]
    assert series.values == pytest.approx((by_lever["telework"], by_lever["tiers_lieux"], by_lever["training"]))
    assert series.values == pytest.approx((-1234.5, -321.25, 45.5))


def test_pptx_results_table_shows_low_central_high_in_french() -> None:
    data = make_briefing()
    slide = next(s for s in _slides(build_pptx(data)) if _title(s).startswith("Résultats"))
    (table,) = [shape.table for shape in slide.shapes if shape.has_table]
    cells = [[table.cell(r, c).text for c in range(4)] for r in range(len(table.rows))]
    assert cells[0] == ["Indicateur", "Basse", "Centrale", "Haute"]
    co2 = data.result.headline["delta_co2_lifecycle_t"]
    # −1 510 central (= −1234.5 − 321.25 + 45.5 = −1510.25), −2 114 low (×1.4), −906 high (×0.6)
    assert cells[1][1:] == [fmt_number(co2.low, signed=True), fmt_number(co2.central, signed=True),
                            fmt_number(co2.high, signed=True)]
    assert cells[1][1:] == ["\u22122\u202f114", "\u22121\u202f510", "\u2212906"]


def test_pptx_comparison_chart_is_clustered_by_scenario() -> None:
    data = make_briefing(others=2)
    slide = next(s for s in _slides(build_pptx(data)) if _title(s).startswith("Comparaison"))
    (chart,) = _charts(slide)
    names = [s.name for s in chart.plots[0].series]
    assert names == ["Gex 2030", "Variante 1", "Variante 2"]
    for series, (_, result) in zip(chart.plots[0].series, [("", data.result), *data.others], strict=True):
        assert series.values == pytest.approx(tuple(result.by_lever["delta_co2_lifecycle_t"]))


def test_pptx_diagnostic_chart_ranks_communes_by_co2() -> None:
    data = make_briefing()
    slide = next(s for s in _slides(build_pptx(data)) if _title(s).startswith("Situation actuelle"))
    (chart,) = _charts(slide)
    assert tuple(chart.plots[0].categories) == ("Gex", "Saint-Genis-Pouilly", "Divonne-les-Bains")
    assert chart.plots[0].series[0].values == pytest.approx((6100.5, 5600.0, 4300.0))


def test_pptx_method_slide_lists_the_estimated_data() -> None:
    data = make_briefing()
    slide = next(s for s in _slides(build_pptx(data)) if _title(s) == "Méthode et limites")
    text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    assert "Donnée estimée : Actifs et emplois par commune estimés" in text


# --- PDF -----------------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_text_has_the_headline_figures_the_french_way() -> None:
    data = make_briefing()
    text = _pdf_text(build_pdf(data))
    for title in EXPECTED_TITLES:
        assert title in text
    assert "\u22121\u202f510" in text  # Δ CO2 central, real minus, narrow no-break space
    assert "1\u202f800\u202f000 €" in text  # public cost
    assert "16\u202f001 → 14\u202f490 t CO₂e/an" in text  # baseline → scenario (16 000,5 − 1 510,25)
    assert "CC du Pays de Gex" in text and "22 novembre 2026" in text


def test_pdf_falls_back_to_a_core_font_without_dejavu(tmp_path: Path) -> None:
    text = _pdf_text(build_pdf(make_briefing(), font_dirs=(tmp_path,)))
    assert "-1 510" in text and "CO2e" in text
    assert "Résultats à l'horizon 2030" in text  # Latin-1 accents still render


def test_bundled_font_is_found() -> None:
    found = find_font_dir()
    assert found is not None and found.name == "fonts"


# --- CSV / XLSX ----------------------------------------------------------------------------------------


def test_csv_is_excel_french_and_sums_back_to_the_totals() -> None:
    result = make_result()
    raw = build_csv(per_commune_table(result))
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Code commune": str})
    assert list(frame["Code commune"]) == ["01173", "01160", "01354"]
    base_co2 = frame[PER_COMMUNE_HEADERS_FR["co2_lifecycle_t"]].sum()
    assert base_co2 == pytest.approx(result.baseline.totals["co2_lifecycle_t"])  # 6100.5 + 4300 + 5600
    assert base_co2 == pytest.approx(16_000.5)
    delta = frame[PER_COMMUNE_HEADERS_FR["delta_co2_lifecycle_t"]].sum()
    assert delta == pytest.approx(result.headline["delta_co2_lifecycle_t"].central, abs=0.005 * len(frame))
    assert frame[PER_COMMUNE_HEADERS_FR["hours_per_year"]].sum() == pytest.approx(
        result.baseline.totals["hours_per_year"], abs=0.005 * len(frame))
    assert b"6100,5" in raw  # decimal comma


def test_xlsx_keeps_codes_as_text_and_holds_the_numbers() -> None:
    result = make_result()
    raw = build_xlsx(per_commune_table(result), sheets={"Leviers": lever_deltas(result)})
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Communes", "Leviers"]
    sheet = book["Communes"]
    header = [c.value for c in sheet[1]]
    codes = [sheet.cell(row=r, column=1).value for r in range(2, 5)]
    assert codes == ["01173", "01160", "01354"]
    col = header.index(PER_COMMUNE_HEADERS_FR["co2_lifecycle_t"]) + 1
    assert sum(sheet.cell(row=r, column=col).value for r in range(2, 5)) == pytest.approx(16_000.5)


# --- Content and names -----------------------------------------------------------------------------------


def test_baseline_comparison_adds_the_delta_to_the_baseline() -> None:
    result = make_result()
    rows = baseline_comparison(result).set_index("unit")
    co2 = rows.loc["t CO₂e/an"]
    assert co2["baseline"] == pytest.approx(16_000.5)
    assert co2["scenario"] == pytest.approx(16_000.5 - 1510.25)
    assert co2["delta_share"] == pytest.approx(-1510.25 / 16_000.5)


def test_tank_to_wheel_scope_uses_the_ttw_figures() -> None:
    data = replace(make_briefing(), scope="ttw")
    slide = next(s for s in _slides(build_pptx(data)) if _title(s).startswith("Résultats"))
    (chart,) = _charts(slide)
    assert chart.plots[0].series[0].values == pytest.approx((-1000.0, -260.0, 37.0))


def test_every_section_but_the_cover_has_content() -> None:
    for section in briefing_sections(make_briefing()):
        assert section.bullets or section.chart or section.table


@pytest.mark.parametrize(
    ("label", "ext", "expected"),
    [
        ("CC du Pays de Gex", "pptx", "maillage_cc-du-pays-de-gex_2026-11-22.pptx"),
        ("Guéret — Creuse", ".pdf", "maillage_gueret-creuse_2026-11-22.pdf"),
        ("Territoire d'industrie « Vallée de l'Arve »", "csv", "maillage_territoire-d-industrie-vallee-de-l-arve_2026-11-22.csv"),
        ("../../etc/passwd", "xlsx", "maillage_etc-passwd_2026-11-22.xlsx"),
        ("", "pptx", "maillage_territoire_2026-11-22.pptx"),
    ],
)
def test_briefing_filename_is_a_safe_slug(label: str, ext: str, expected: str) -> None:
    assert briefing_filename(label, dt.date(2026, 11, 22), ext) == expected
