"""Keep every page behind the app.py router, even on the very first request a server receives.

Streamlit still honours the legacy ``pages/`` directory until some session has called ``st.navigation``.
So on a freshly started server, a deep link such as ``/simulateur?t=…`` (a shared link) would run
``pages/simulateur.py`` on its own — no sidebar, no scenario from the link, no presenter mode. Each page
calls :func:`require_router` first: when it runs outside the router, the legacy mode is switched off for
the process and the run starts again through ``app.py`` (same page, same query string).
"""

from __future__ import annotations

import streamlit as st


def require_router() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode: nothing to do
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
