"""Browser measurements: slider change → updated KPIs, bytes per rerun, whether map data is re-sent."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server
from tests.e2e.helpers import open_app, wait_idle

KPI_JS = """() => { const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
  .find(e => e.innerText.includes('Δ CO₂')); return m ? m.querySelector('[data-testid="stMetricValue"]').innerText : null; }"""


def slider_latency(db: Path, territory: str, changes: int = 20) -> tuple[list[float], list[int], bool]:
    """Latencies (s) from a key press on the adoption slider to a new Δ CO2 value; bytes per rerun."""
    port = free_port()
    proc = start_server(db, port)
    frames: list[tuple[float, int, bool]] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})

            def on_ws(ws) -> None:  # type: ignore[no-untyped-def]
                def on_frame(payload) -> None:  # type: ignore[no-untyped-def]
                    data = payload if isinstance(payload, bytes) else payload.encode()
                    frames.append((time.perf_counter(), len(data), b"PolygonLayer" in data))
                ws.on("framereceived", on_frame)

            page.on("websocket", on_ws)
            open_app(page, f"http://127.0.0.1:{port}/simulateur?t={territory}")
            slider = page.get_by_role("slider", name="Adoption parmi les actifs télétravaillables (%)").first
            slider.focus()
            slider.press("Home")
            wait_idle(page)
            latencies, sizes, map_resent = [], [], False
            for _ in range(changes):
                before = page.evaluate(KPI_JS)
                start = time.perf_counter()
                n0 = len(frames)
                slider.press("ArrowRight")
                page.wait_for_function(f"() => ({KPI_JS})() !== {before!r}", timeout=30_000, polling=5)
                latencies.append(time.perf_counter() - start)
                wait_idle(page)
                window = frames[n0:]
                sizes.append(sum(size for _, size, _ in window))
                map_resent = map_resent or any(flag for _, _, flag in window)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return latencies, sizes, map_resent
