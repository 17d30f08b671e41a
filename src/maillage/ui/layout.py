"""Shared page furniture: presenter theme, KPI cards with ranges and sources, badges, error pages.

Only constant, project-written CSS is injected as HTML; nothing a visitor types or a link carries is ever
rendered as HTML (it goes through Streamlit text elements, which escape it).
"""

from __future__ import annotations

import html

import streamlit as st

from maillage.data.db import DatabaseError
from maillage.model.results import Range
from maillage.ui import state

# Headline figures: their size follows a fifth of their card's width (container query units), between a floor
# that stays readable and the full size, so that a unit such as "CO₂e/an" fits on one line of a card instead of
# being cut inside the word; the figure still wraps between words, and never spills over the next card (on the
# narrowest cards, at the floor, a word may still be cut rather than spill).
PRESENTER_CSS = """
<style>
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px !important; }
[data-testid="stAppViewContainer"] { background: #FFFFFF; color: #000000; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: clamp(1.1rem, 20cqi, 1.6rem) !important; font-weight: 700;
  color: #000000; line-height: 1.15; white-space: normal !important; overflow-wrap: anywhere; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; color: #000000; }
h1 { font-size: 3rem !important; } h2 { font-size: 2.3rem !important; } h3 { font-size: 1.8rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #222222 !important; font-size: 1rem !important; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
*:focus-visible { outline: 4px solid #FFBF47 !important; outline-offset: 2px; }
</style>
"""

BASE_CSS = """
<style>
[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] { font-size: clamp(1.25rem, 20cqi, 1.9rem) !important; line-height: 1.2; }
[data-testid="stMetricValue"] p { white-space: normal !important; overflow-wrap: anywhere; }
*:focus-visible { outline: 3px solid #0063CB !important; outline-offset: 2px; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #3A3A3A !important; opacity: 1 !important; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
</style>
"""


def apply_theme(*, presenter: bool) -> None:
    st.markdown(PRESENTER_CSS if presenter else BASE_CSS, unsafe_allow_html=True)


def card_columns(n: int) -> list:  # type: ignore[type-arg]
    """``n`` containers for KPI cards: one row in the normal view, rows of two in presenter mode (large type)."""
    if not state.presenter():
        return list(st.columns(n))
    cells: list = []  # type: ignore[type-arg]
    for start in range(0, n, 2):
        cells.extend(st.columns(2)[: min(2, n - start)])
    return cells


def kpi(label: str, value: str, *, detail: str = "", source: str = "", estimated: bool = False,
        help_text: str | None = None) -> None:
    """A headline figure: label, value (already formatted with its unit), range/scope detail, source."""
    st.metric(label + (" · estimation" if estimated else ""), value, help=help_text)
    if detail:
        st.caption(detail)
    if source:
        with st.popover("Source"):
            st.markdown(source)


def range_detail(r: Range, fmt: callable, unit: str) -> str:  # type: ignore[valid-type]
    return f"fourchette {fmt(r.low)} à {fmt(r.high)} {unit}"


def estimation_badge(text: str = "estimation") -> None:
    st.badge(text, icon=":material/info:", color="orange")


def database_error_page(exc: DatabaseError) -> None:
    """A clear French page instead of a traceback when the database is missing or broken."""
    st.title("Maillage — base de données indisponible")
    st.error(str(exc), icon=":material/error:")
    st.markdown(
        "La base de données territoriale n'a pas pu être ouverte. Pour la reconstruire depuis les données "
        "ouvertes fournies avec Maillage, lancez dans le dossier du projet :"
    )
    st.code("make data", language="bash")
    st.markdown("puis rechargez cette page. `make run` la construit aussi automatiquement si elle manque.")


MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def plain(text: object) -> str:
    """Text safe to pass to a markdown-rendering element: HTML escaped, markdown syntax neutralised.

    Used for anything that comes from a visitor (scenario names, link values, file names), so a link or a
    file can never inject a link, an image (a request leaving the machine) or markup into the page.
    """
    escaped = html.escape(str(text), quote=False)
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in escaped)
