"""PDF briefing with fpdf2: no browser, same sections as the PPTX, bar charts drawn as rectangles.

Fonts: DejaVu Sans is bundled in ``report/fonts`` (Bitstream Vera licence, see LICENSE.txt) so accents,
'CO₂e', '€', '−' and narrow no-break spaces render everywhere. If the bundled files are missing it tries the
system copy (Debian's fonts-dejavu-core), then falls back to the core Helvetica font with text reduced to
Latin-1 (:func:`maillage.fmt.plain`), so a PDF is always produced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from maillage.fmt import fmt_number, plain
from maillage.report.briefing import BriefingData, Chart, Section, Table, briefing_sections

FONT_DIRS: tuple[Path, ...] = (Path(__file__).parent / "fonts", Path("/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
SERIES_RGB = ((31, 111, 139), (224, 122, 31), (91, 140, 58), (142, 91, 168))
BODY_PT = 10
TITLE_PT = 15
BAR_H_MM = 5.0
LABEL_W_MM = 55.0
VALUE_W_MM = 22.0


@dataclass(frozen=True)
class FontChoice:
    """The family to use and whether it covers Unicode (else text goes through :func:`plain`)."""

    family: str
    unicode: bool


def find_font_dir(dirs: tuple[Path, ...] = FONT_DIRS) -> Path | None:
    """The first directory holding both DejaVu files, or None."""
    for directory in dirs:
        if all((directory / name).is_file() for name in FONT_FILES.values()):
            return directory
    return None


class _Briefing(FPDF):
    def __init__(self, footer_text: str, font: FontChoice) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.font_choice = font
        self.cover_done = False  # the cover stands alone on its page

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.font_choice.family, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, self.t(f"{self.footer_text} — page {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)

    def t(self, text: str) -> str:
        return text if self.font_choice.unicode else plain(text)


def _setup(pdf: _Briefing, font_dir: Path | None) -> None:
    if font_dir is not None:
        for style, name in FONT_FILES.items():
            pdf.add_font(FAMILY, style, str(font_dir / name))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(15, 15, 15)


def build_pdf(data: BriefingData, *, font_dirs: tuple[Path, ...] = FONT_DIRS) -> bytes:
    """The briefing as a PDF file (bytes); ``font_dirs`` is where to look for DejaVu Sans."""
    font_dir = find_font_dir(font_dirs)
    font = FontChoice(FAMILY, True) if font_dir is not None else FontChoice("helvetica", False)
    pdf = _Briefing(f"Maillage — {data.territory_label}", font)
    _setup(pdf, font_dir)
    pdf.set_title(pdf.t(f"Maillage — {data.territory_label}"))
    pdf.set_lang("fr-FR")
    pdf.set_creator("Maillage")
    for section in briefing_sections(data):
        _section(pdf, section)
    return bytes(pdf.output())


def _section(pdf: _Briefing, section: Section) -> None:
    family = pdf.font_choice.family
    if section.kind == "title":
        pdf.add_page()
        pdf.set_y(70)
        pdf.set_font(family, "B", 22)
        pdf.multi_cell(0, 11, pdf.t(section.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(6)
        for index, line in enumerate(section.bullets):
            pdf.set_font(family, "B" if index == 0 else "", 16 if index == 0 else 12)
            pdf.multi_cell(0, 8, pdf.t(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.cover_done = True
        return
    if pdf.cover_done or pdf.page_no() == 0 or pdf.get_y() > pdf.h - 90:
        pdf.cover_done = False
        pdf.add_page()
    else:
        pdf.ln(6)
    pdf.set_font(family, "B", TITLE_PT)
    pdf.set_text_color(31, 111, 139)
    pdf.multi_cell(0, 8, pdf.t(section.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)
    _bullets(pdf, section.bullets)
    if section.chart is not None:
        _bar_chart(pdf, section.chart)
    if section.table is not None:
        _table(pdf, section.table)
    if section.note:
        pdf.set_font(family, "", 8)
        pdf.multi_cell(0, 4.5, pdf.t(section.note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _bullets(pdf: _Briefing, lines: tuple[str, ...]) -> None:
    pdf.set_font(pdf.font_choice.family, "", BODY_PT)
    for line in lines:
        prefix = "" if line.startswith("  ") else "• "
        pdf.multi_cell(0, 5.2, pdf.t(prefix + line.strip()), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if lines:
        pdf.ln(2)


def _bar_chart(pdf: _Briefing, chart: Chart) -> None:
    """Horizontal bars from a zero line; bar length = value × (bar area width ÷ span of the values)."""
    values = [v for _, vs in chart.series for v in vs if math.isfinite(v)]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    n_series = len(chart.series)
    needed = len(chart.categories) * (n_series * BAR_H_MM + 2) + 16 + 6 * (n_series > 1)
    if pdf.get_y() + needed > pdf.h - 18:
        pdf.add_page()
    family = pdf.font_choice.family
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(0, 6, pdf.t(chart.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    left_room = VALUE_W_MM if low < 0 else 0.0  # room for the labels of negative bars
    area_x = pdf.l_margin + LABEL_W_MM + left_room
    area_w = pdf.epw - LABEL_W_MM - VALUE_W_MM - left_room
    zero_x = area_x + area_w * (0 - low) / span
    top = pdf.get_y() + 1
    pdf.set_font(family, "", 8)
    for c, category in enumerate(chart.categories):
        y = top + c * (n_series * BAR_H_MM + 2)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(LABEL_W_MM - 2, n_series * BAR_H_MM, pdf.t(_clip(category, 34)), align="R")
        for s, (_, series_values) in enumerate(chart.series):
            _bar(pdf, series_values[c], zero_x, area_w / span, y + s * BAR_H_MM, SERIES_RGB[s % len(SERIES_RGB)],
                 chart.decimals)
    bottom = top + len(chart.categories) * (n_series * BAR_H_MM + 2)
    pdf.set_draw_color(60, 60, 60)
    pdf.line(zero_x, top - 1, zero_x, bottom)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_y(bottom + 2)
    if n_series > 1:
        _legend(pdf, chart)


def _bar(pdf: _Briefing, value: float, zero_x: float, mm_per_unit: float, y: float, rgb: tuple[int, int, int],
         decimals: int) -> None:
    if not math.isfinite(value):
        pdf.set_xy(zero_x + 1, y)
        pdf.cell(VALUE_W_MM, BAR_H_MM - 0.6, "–")
        return
    length = abs(value) * mm_per_unit
    x = zero_x if value >= 0 else zero_x - length
    pdf.set_fill_color(*rgb)
    pdf.rect(x, y + 0.3, max(length, 0.2), BAR_H_MM - 0.6, style="F")
    label = pdf.t(fmt_number(value, decimals))
    if value >= 0:
        pdf.set_xy(x + length + 1, y)
        pdf.cell(VALUE_W_MM, BAR_H_MM - 0.6, label)
    else:
        pdf.set_xy(x - VALUE_W_MM - 1, y)
        pdf.cell(VALUE_W_MM, BAR_H_MM - 0.6, label, align="R")


def _legend(pdf: _Briefing, chart: Chart) -> None:
    x = pdf.l_margin + LABEL_W_MM
    y = pdf.get_y()
    for s, (name, _) in enumerate(chart.series):
        pdf.set_fill_color(*SERIES_RGB[s % len(SERIES_RGB)])
        pdf.rect(x, y + 1, 4, 3, style="F")
        pdf.set_xy(x + 5, y)
        text = pdf.t(_clip(name, 30))
        pdf.cell(pdf.get_string_width(text) + 2, 5, text)
        x += pdf.get_string_width(text) + 12
    pdf.set_fill_color(255, 255, 255)
    pdf.set_y(y + 7)


def _table(pdf: _Briefing, table: Table) -> None:
    family = pdf.font_choice.family
    pdf.set_font(family, "", 8)
    pdf.set_fill_color(255, 255, 255)
    aligns = tuple("RIGHT" if c < len(table.numeric) and table.numeric[c] else "LEFT"
                   for c in range(len(table.header)))
    with pdf.table(col_widths=table.widths, text_align=aligns, line_height=4.6, padding=1,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 238, 242)), width=pdf.epw) as grid:
        for values in (table.header, *table.rows):
            row = grid.row()
            for value in values:
                row.cell(pdf.t(value))
    pdf.ln(2)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
