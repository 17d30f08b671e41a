"""French first, English available: the labels people read, keyed by a stable id."""

from __future__ import annotations

import streamlit as st

LANGS = ("fr", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Maillage — rapprocher l'emploi des habitants", "Maillage — bringing jobs closer to homes"),
    "page_territory": ("Territoire", "Territory"),
    "page_simulator": ("Simulateur", "Simulator"),
    "page_compare": ("Comparer", "Compare"),
    "page_siting": ("Où ouvrir des tiers-lieux ?", "Where to open tiers-lieux?"),
    "page_briefing": ("Note de synthèse", "Briefing"),
    "page_assumptions": ("Hypothèses & sources", "Assumptions & sources"),
    "page_about": ("À propos & accessibilité", "About & accessibility"),
    "level": ("Niveau", "Level"),
    "search": ("Rechercher par nom ou code", "Search by name or code"),
    "search_help": (
        "Tapez une partie du nom, sans accents si vous voulez (« gueret » trouve Guéret), ou le code INSEE/SIREN.",
        "Type part of the name, accents optional ('gueret' finds Guéret), or the INSEE/SIREN code.",
    ),
    "territory": ("Territoire étudié", "Territory"),
    "no_match": ("Aucun territoire ne correspond à « {q} ».", "No territory matches '{q}'."),
    "presenter": ("Mode présentation (grand écran)", "Presenter mode (projector)"),
    "presenter_help": (
        "Gros caractères, fort contraste, leviers dévoilés un par un, détails d'expert masqués.",
        "Large type, high contrast, levers revealed one at a time, expert details hidden.",
    ),
    "language": ("Langue", "Language"),
    "estimation": ("estimation", "estimate"),
    "source": ("Source", "Source"),
    "reset": ("Revenir à la situation actuelle", "Reset to baseline"),
    "copy_link": ("Lien de ce scénario", "Link to this scenario"),
    "baseline": ("Situation actuelle", "Baseline"),
}


def lang() -> str:
    value = st.session_state.get("app_lang", "fr")
    return value if value in LANGS else "fr"


def t(key: str, **fmt: object) -> str:
    """The label for ``key`` in the session's language (French by default)."""
    fr, en = TEXT[key]
    text = en if lang() == "en" else fr
    return text.format(**fmt) if fmt else text


def tr(fr: str, en: str) -> str:
    """Inline pair for page text: French by default, English when chosen in the sidebar."""
    return en if lang() == "en" else fr
