"""Page actions shared by the browser tests and the load test."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

AXE_JS = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
RUN_TIMEOUT_MS = 30_000


# True once Streamlit has finished the current run and every element is fresh (not faded as stale).
IDLE_JS = (
    "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
    " return !!app && app.getAttribute('data-test-script-state') === 'notRunning'"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-stale=\"true\"]'); }"
)


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(150)
    page.wait_for_function(IDLE_JS, timeout=RUN_TIMEOUT_MS)
    page.wait_for_timeout(150)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(".st-key-app_level").wait_for(timeout=RUN_TIMEOUT_MS)  # the router's sidebar is drawn
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_idle(page)


def go_to(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=False).first.click()
    wait_idle(page)


def search_territory(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Rechercher par nom ou code")
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def metric_text(page: Page, label_start: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label_start).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def set_slider(page: Page, label: str, presses: int) -> None:
    """Move a slider from its minimum by ``presses`` steps with the keyboard (as a keyboard user would)."""
    slider = page.get_by_role("slider", name=label).first
    slider.focus()
    slider.press("Home")
    for _ in range(presses):
        slider.press("ArrowRight")
    wait_idle(page)


def axe_violations(page: Page) -> list[dict[str, object]]:
    """Serious or critical axe-core violations on the current page."""
    wait_idle(page)  # stale (faded) elements during a rerun would be reported as low contrast
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]


def no_error_text(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
