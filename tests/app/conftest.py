"""AppTest fixtures: the app pointed at the fixture database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.numbers import parse_fr

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60


@pytest.fixture(autouse=True)
def router_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every AppTest through app.py's st.navigation router, as the served app does.

    AppTest resets Streamlit's legacy ``pages/``-directory mode before every run; in that mode a switched-to
    page would run on its own, without the router (no sidebar, no scenario). The served app leaves that
    mode on its first request (maillage.ui.router); here it is switched off for each run.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture()
def app(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("MAILLAGE_DB", str(fixture_db))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    yield at


def metric_value(at: AppTest, label_start: str) -> float:
    for m in at.metric:
        if m.label.startswith(label_start):
            return parse_fr(m.value)
    raise AssertionError(f"no metric starting with {label_start!r}: {[m.label for m in at.metric]}")


def os_env() -> dict[str, str]:
    return dict(os.environ)
