"""Two app processes on different ports serve the same read-only database file at once."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import free_port, start_server
from tests.e2e.helpers import metric_text, open_app
from tests.numbers import parse_fr


def test_two_servers_share_one_database_file(fixture_db: Path, browser: Browser) -> None:
    procs = [start_server(fixture_db, free_port()) for _ in range(2)]
    try:
        values = []
        for i, proc in enumerate(procs):
            port = proc.args[proc.args.index("--server.port") + 1]  # type: ignore[union-attr]
            page = browser.new_page()
            # The first request each fresh server receives is a shared deep link (not the home page).
            open_app(page, f"http://127.0.0.1:{port}/simulateur?t=epci:200069052&tw=40,2,0&p={i}")
            assert "Grand Belfort" in page.locator("h1").first.inner_text()
            expect(page.get_by_test_id("stSidebar").locator(".st-key-app_search")).to_have_count(1)  # router
            values.append(metric_text(page, "Δ CO₂"))
            assert page.locator(".st-key-app_presenter input").is_checked() == bool(i)
            page.close()
        assert values[0] == values[1]
        assert parse_fr(values[0]) < 0
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
