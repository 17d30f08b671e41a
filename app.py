"""Maillage — router only: page config, shared sidebar (territory, presenter mode, language), navigation."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from maillage.data.db import DatabaseError
from maillage.ui import layout, state, widgets
from maillage.ui.i18n import t
from maillage.ui.runlog import name_run, timed_run, watch_answers

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
LOG = logging.getLogger("maillage")
ICON = Path(__file__).resolve().parent / "src" / "maillage" / "ui" / "assets" / "icon.png"

st.set_page_config(page_title="Maillage", page_icon=str(ICON), layout="wide", initial_sidebar_state="expanded")

HOME = "territoire"  # the default page, served at the root URL (its url_path is then "")
PAGES = [
    st.Page("pages/territoire.py", title=t("page_territory"), icon=":material/map:", url_path=HOME, default=True),
    st.Page("pages/simulateur.py", title=t("page_simulator"), icon=":material/tune:", url_path="simulateur"),
    st.Page("pages/comparer.py", title=t("page_compare"), icon=":material/compare_arrows:", url_path="comparer"),
    st.Page("pages/sites.py", title=t("page_siting"), icon=":material/location_on:", url_path="sites"),
    st.Page("pages/briefing.py", title=t("page_briefing"), icon=":material/description:", url_path="briefing"),
    st.Page("pages/hypotheses.py", title=t("page_assumptions"), icon=":material/menu_book:", url_path="hypotheses"),
    st.Page("pages/a_propos.py", title=t("page_about"), icon=":material/info:", url_path="a-propos"),
]

watch_answers()  # once per process, off unless $MAILLAGE_ANSWER_LOG is set (load test)
with timed_run():  # off unless $MAILLAGE_RUN_LOG is set (load test)
    try:
        state.ensure_session()
        page = st.navigation(PAGES)
        name_run(f"page:{page.url_path or HOME}")
        with st.sidebar:
            st.markdown(f"### {t('app_title')}")
        widgets.territory_picker()
        with st.sidebar:
            st.toggle(t("presenter"), key="app_presenter", help=t("presenter_help"))
            st.radio(t("language"), ["fr", "en"], key="app_lang", horizontal=True,
                     format_func=lambda c: {"fr": "Français", "en": "English"}[c])
        layout.apply_theme(presenter=state.presenter())
        for message in state.pop_messages():
            st.warning(layout.plain(message), icon=":material/warning:")
        page.run()
        st.session_state[state.SEED_KEY] = False
        state.sync_link()
    except DatabaseError as exc:
        layout.database_error_page(exc)
