"""End-to-end in Debian's Chromium: the workshop flow, every page, the shared link, session isolation."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import shot
from tests.e2e.helpers import (
    axe_violations,
    go_to,
    metric_text,
    no_error_text,
    open_app,
    search_territory,
    set_slider,
    wait_idle,
)
from tests.numbers import parse_fr

PAGES = ["Territoire", "Simulateur", "Comparer", "Où ouvrir", "Note de synthèse", "Hypothèses", "À propos"]


def test_workshop_flow_lowers_co2_and_every_page_is_clean(server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    outside: list[str] = []  # offline promise: no request leaves the machine (no basemap asked for)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:",
                                                                                  "blob:")) else None)
    open_app(page, server)
    search_territory(page, "montbel")
    assert "Montbéliard" in page.locator("h1").first.inner_text()
    go_to(page, "Simulateur")
    assert parse_fr(metric_text(page, "Δ CO₂")) == 0
    set_slider(page, "Adoption parmi les actifs télétravaillables (%)", 6)  # 6 steps of 5 % = 30 %
    after_telework = parse_fr(metric_text(page, "Δ CO₂"))
    assert after_telework < 0
    page.get_by_role("button", name="Ajouter ce tiers-lieu").click()
    wait_idle(page)
    assert parse_fr(metric_text(page, "Emplois directs")) > 0
    assert parse_fr(metric_text(page, "Δ CO₂")) <= after_telework
    shot(page, "simulateur")
    for title in PAGES:
        go_to(page, title)
        no_error_text(page)
        shot(page, "page_" + title.split()[0].lower())
        serious = axe_violations(page)
        assert not serious, f"{title}: " + "; ".join(
            f"{v['id']} ({v['impact']}): " + " | ".join(
                f"{n['target']} {n.get('failureSummary', '')[:160]}" for n in v["nodes"][:6])  # type: ignore[index]
            for v in serious)
    go_to(page, "Note de synthèse")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger la note (PPTX)").click()
    assert download.value.suggested_filename.endswith(".pptx")
    with open(download.value.path(), "rb") as f:
        assert f.read(2) == b"PK", "a PPTX is a zip file"
    real_errors = [e for e in console_errors if "favicon" not in e]
    assert not real_errors, real_errors
    assert not outside, outside
    context.close()


def test_shared_link_reopens_the_same_scenario_in_a_fresh_browser(server: str, browser: Browser) -> None:
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    open_app(page, server)
    go_to(page, "Simulateur")
    set_slider(page, "Adoption parmi les actifs télétravaillables (%)", 8)
    co2 = metric_text(page, "Δ CO₂")
    link = page.url
    assert "tw=" in link
    first.close()
    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh = second.new_page()
    open_app(fresh, link)
    assert metric_text(fresh, "Δ CO₂") == co2
    second.close()


def test_two_visitors_never_see_each_others_scenario(server: str, browser: Browser) -> None:
    a_ctx, b_ctx = browser.new_context(), browser.new_context()
    a, b = a_ctx.new_page(), b_ctx.new_page()
    open_app(a, server + "/simulateur")
    open_app(b, server + "/simulateur")
    set_slider(a, "Adoption parmi les actifs télétravaillables (%)", 10)
    b.reload()
    open_app(b, server + "/simulateur")
    assert parse_fr(metric_text(b, "Δ CO₂")) == 0
    assert parse_fr(metric_text(a, "Δ CO₂")) < 0
    a_ctx.close()
    b_ctx.close()


def test_malformed_link_explains_in_french_and_keeps_the_rest(server: str, browser: Browser) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    open_app(page, server + "/simulateur?t=epci:200069052&tw=abc,<script>,9&h=2030")
    body = page.locator("body").inner_text()
    assert "tw" in body or "télétravail" in body.lower()
    assert page.get_by_test_id("stAlert").count() >= 1
    no_error_text(page)
    ctx.close()


def test_proposed_sites_for_a_departement_move_the_simulator(server: str, browser: Browser) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    open_app(page, server + "/sites?t=departement:90")
    page.get_by_role("button", name="Proposer des sites").click()
    wait_idle(page)
    page.get_by_role("button", name="Ajouter ces sites au scénario du simulateur").click()
    wait_idle(page)
    go_to(page, "Simulateur")
    assert parse_fr(metric_text(page, "Emplois directs")) > 0
    assert parse_fr(metric_text(page, "Δ CO₂")) < 0
    no_error_text(page)
    shot(page, "sites_added_simulateur")
    ctx.close()


def test_presenter_mode_reveals_levers_one_at_a_time_with_the_keyboard(server: str, browser: Browser) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    open_app(page, server + "/simulateur?p=1")
    expect(page.get_by_role("slider", name="Adoption parmi les actifs télétravaillables (%)")).to_have_count(1)
    expect(page.get_by_role("slider", name="Nombre d'années du programme")).to_have_count(0)
    step3 = page.get_by_role("radio", name="+ Formation")
    step3.focus()
    page.keyboard.press("Space")
    wait_idle(page)
    expect(page.get_by_role("slider", name="Nombre d'années du programme")).to_have_count(1)
    assert "p=1" in page.url, "presenter mode stays in the link"
    shot(page, "presenter_simulateur")
    ctx.close()


def test_france_s_headline_figures_stay_inside_their_cards(server: str, browser: Browser) -> None:
    """France's figures are the longest ('29 219 631,2 t CO₂e/an' on the full data): they wrap, never spill over
    the next card, even on an old 1024-pixel-wide projector; and the simulator explains why France is not
    simulated."""
    ctx = browser.new_context(viewport={"width": 1024, "height": 768})
    page = ctx.new_page()
    open_app(page, server + "/?t=france:FR")
    values = page.get_by_test_id("stMetricValue")
    values.nth(3).wait_for()
    spill = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(
        v => v.scrollWidth - v.clientWidth)""")
    assert len(spill) == 4 and max(spill) <= 1, (spill, values.all_inner_texts())
    shot(page, "france_territory")
    go_to(page, "Simulateur")
    assert "ne se simule pas" in page.get_by_test_id("stAlert").first.inner_text()
    no_error_text(page)
    ctx.close()


def test_server_metrics_show_what_duckdb_holds(server: str, browser: Browser) -> None:
    """/_stcore/metrics reports DuckDB's memory beside Streamlit's caches (cache_type="duckdb"), once a page has
    read the database: operators and the load test see the block cache without a separate probe."""
    import re
    import urllib.request

    page = browser.new_page()
    open_app(page, server + "/?t=epci:200069052")
    page.close()
    with urllib.request.urlopen(f"{server}/_stcore/metrics?families=cache_memory_bytes", timeout=30) as response:
        text = response.read().decode("utf-8")
    held = [float(n) for n in re.findall(r'^cache_memory_bytes\{cache_type="duckdb",cache="[a-z_]+"\} (\d+)$', text, re.M)]
    assert held and sum(held) > 0, text[:2000]
