"""PPTX briefing with native, editable charts (python-pptx chart objects, not pictures).

One slide per :class:`~maillage.report.briefing.Section`; long tables continue on « (suite) » slides.
Layout is 16:9; a slide with both a chart and a table puts the chart on the left, the table on the right.
"""

from __future__ import annotations

import io
import math

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from maillage.report.briefing import (
    TABLE_ROWS_PER_SLIDE,
    BriefingData,
    Chart,
    Section,
    Table,
    briefing_sections,
)

SLIDE_W = Inches(13.333)
SLIDE_H = Inches(7.5)
MARGIN = Inches(0.5)
TITLE_H = Inches(1.0)
LAYOUT_TITLE = 0
LAYOUT_TITLE_ONLY = 5
SERIES_COLOURS = ("1F6F8B", "E07A1F", "5B8C3A", "8E5BA8")  # colour-blind friendly, high contrast on white
BODY_PT = 14
TABLE_PT = 11
NOTE_PT = 10
# Excel number format: French PowerPoint shows it with a space as thousands separator and a decimal comma.
NUMBER_FORMAT = "#,##0;-#,##0;0"


def build_pptx(data: BriefingData) -> bytes:
    """The briefing as a .pptx file (bytes)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for section in briefing_sections(data):
        if section.kind == "title":
            _cover_slide(prs, section)
        else:
            _content_slides(prs, section)
    prs.core_properties.title = f"Maillage — {data.territory_label}"
    prs.core_properties.language = "fr-FR"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _cover_slide(prs: PresentationType, section: Section) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    for shape, top, height in ((title, Inches(1.6), Inches(1.5)), (subtitle, Inches(3.3), Inches(3.2))):
        shape.left, shape.top, shape.width, shape.height = MARGIN, top, SLIDE_W - 2 * MARGIN, height
    title.text = section.title
    frame = subtitle.text_frame
    for index, line in enumerate(section.bullets):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(28 if index == 0 else 18)


def _content_slides(prs: PresentationType, section: Section) -> None:
    table = section.table
    chunks = _chunks(table) if table is not None else [None]
    for index, chunk in enumerate(chunks):
        title = section.title if index == 0 else f"{section.title} (suite)"
        slide = _titled_slide(prs, title)
        _fill(slide, section if index == 0 else Section(title=title, note=section.note), chunk)


def _fill(slide: Slide, section: Section, table: Table | None) -> None:
    """Bullets on top, then chart and/or table side by side, note at the bottom."""
    top = TITLE_H + Inches(0.2)
    width = SLIDE_W - 2 * MARGIN
    if section.bullets:
        height = Inches(min(4.8, 0.42 * len(section.bullets) + 0.2)) if (section.chart or table) else Inches(5.3)
        _text_box(slide, section.bullets, MARGIN, top, width, height,
                  BODY_PT if len(section.bullets) < 10 else BODY_PT - 3)
        top += height + Inches(0.1)
    bottom = SLIDE_H - Inches(0.7)
    if section.chart is not None and table is not None:
        half = (width - Inches(0.3)) // 2
        _chart(slide, section.chart, MARGIN, top, half, bottom - top)
        _table(slide, table, MARGIN + half + Inches(0.3), top, half)
    elif section.chart is not None:
        _chart(slide, section.chart, MARGIN, top, width, bottom - top)
    elif table is not None:
        _table(slide, table, MARGIN, top, width)
    if section.note:
        _text_box(slide, (section.note,), MARGIN, SLIDE_H - Inches(0.65), width, Inches(0.5), NOTE_PT)


def _titled_slide(prs: PresentationType, title: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.25), SLIDE_W - 2 * MARGIN, TITLE_H
    shape.text = title
    shape.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
    return slide  # type: ignore[no-any-return]


def _text_box(slide: Slide, lines: tuple[str, ...], left: int, top: int, width: int, height: int, size: int) -> None:
    frame = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height)).text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)


def _chart(slide: Slide, chart: Chart, left: int, top: int, width: int, height: int) -> None:
    """A native clustered bar chart; NaN values become empty points (no bar)."""
    chart_data = CategoryChartData(number_format=NUMBER_FORMAT)
    chart_data.categories = list(chart.categories)
    for name, values in chart.series:
        chart_data.add_series(name, [v if math.isfinite(v) else None for v in values])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Emu(left), Emu(top), Emu(width), Emu(height),
                                  chart_data)  # type: ignore[arg-type]  # CategoryChartData is a ChartData
    graphic = frame.chart  # type: ignore[attr-defined]
    graphic.has_title = True
    graphic.chart_title.text_frame.text = chart.title
    graphic.chart_title.text_frame.paragraphs[0].font.size = Pt(14)
    graphic.has_legend = len(chart.series) > 1
    if graphic.has_legend:
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
    plot = graphic.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = NUMBER_FORMAT, False
    plot.data_labels.font.size = Pt(10)
    graphic.category_axis.reverse_order = True  # first category on top, as read
    graphic.category_axis.tick_labels.font.size = Pt(11)
    graphic.value_axis.tick_labels.font.size = Pt(10)
    graphic.value_axis.tick_labels.number_format = NUMBER_FORMAT
    graphic.value_axis.tick_labels.number_format_is_linked = False
    for index, series in enumerate(plot.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(SERIES_COLOURS[index % len(SERIES_COLOURS)])
        series.invert_if_negative = False


def _table(slide: Slide, table: Table, left: int, top: int, width: int) -> None:
    rows, cols = len(table.rows) + 1, len(table.header)
    row_h = Inches(0.38)
    graphic = slide.shapes.add_table(rows, cols, Emu(left), Emu(top), Emu(width), Emu(row_h * rows)).table
    total = sum(table.widths) or 1.0
    for c, w in enumerate(table.widths):
        graphic.columns[c].width = Emu(int(width * w / total))
    for r, values in enumerate((table.header, *table.rows)):
        for c, value in enumerate(values):
            cell = graphic.cell(r, c)
            cell.text = value
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.font.size = Pt(TABLE_PT)
            paragraph.font.bold = r == 0
            if r > 0 and c < len(table.numeric) and table.numeric[c]:
                paragraph.alignment = PP_ALIGN.RIGHT


def _chunks(table: Table) -> list[Table]:
    """The table split into slides of TABLE_ROWS_PER_SLIDE rows (header repeated); one chunk if empty."""
    rows = table.rows or ()
    parts = [rows[i:i + TABLE_ROWS_PER_SLIDE] for i in range(0, len(rows), TABLE_ROWS_PER_SLIDE)] or [()]
    return [Table(header=table.header, rows=p, widths=table.widths, numeric=table.numeric) for p in parts]
