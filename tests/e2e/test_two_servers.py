"""Two app processes on different ports serve the same read-only database file at once."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.e2e.conftest import free_port, start_server
from tests.e2e.helpers import metric_text, open_app


def test_two_servers_share_one_database_file(fixture_db: Path, browser: Browser) -> None:
    procs = [start_server(fixture_db, free_port()) for _ in range(2)]
    try:
        values = []
        for proc in procs:
            port = proc.args[proc.args.index("--server.port") + 1]  # type: ignore[union-attr]
            page = browser.new_page()
            open_app(page, f"http://127.0.0.1:{port}")
            assert "Grand Belfort" in page.locator("h1").first.inner_text()
            values.append(metric_text(page, "Population"))
            page.close()
        assert values[0] == values[1]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
