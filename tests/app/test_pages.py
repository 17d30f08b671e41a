"""AppTest: every page renders without exception on the fixture database; levers move the figures."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import metric_value

PAGES = ["pages/territoire.py", "pages/simulateur.py", "pages/comparer.py", "pages/sites.py",
         "pages/briefing.py", "pages/hypotheses.py", "pages/a_propos.py"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app: AppTest, page: str) -> None:
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, "each page has a title"


def test_first_page_shows_the_territory_name_and_population(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert "Grand Belfort" in app.title[0].value
    assert metric_value(app, "Population") > 50_000


def test_raising_telework_adoption_lowers_commute_co2(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/simulateur.py").run()
    before = metric_value(app, "Δ CO₂")
    app.slider(key="sim_tw_adoption").set_value(30).run()
    assert not app.exception
    after = metric_value(app, "Δ CO₂")
    assert before == 0
    assert after < before


def test_adding_a_tiers_lieu_moves_the_jobs_figures(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/simulateur.py").run()
    assert app.session_state["scenario"].tiers_lieux.sites == ()
    assert metric_value(app, "Emplois directs") == 0
    app.button(key="sim_tl_add").click().run()
    assert not app.exception
    assert len(app.session_state["scenario"].tiers_lieux.sites) == 1
    assert metric_value(app, "Emplois directs") > 0


def test_reset_restores_the_baseline(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/simulateur.py").run()
    app.slider(key="sim_tw_adoption").set_value(50).run()
    assert metric_value(app, "Δ CO₂") < 0
    app.button(key="sim_reset").click().run()
    assert not app.exception
    assert app.slider(key="sim_tw_adoption").value == 0
    assert metric_value(app, "Δ CO₂") == 0


def test_unknown_territory_in_the_link_falls_back_with_a_french_message(app: AppTest) -> None:
    app.query_params["t"] = "epci:999999999"
    app.run()
    assert not app.exception
    warnings = " ".join(w.value for w in app.warning)
    assert "n'existe pas" in warnings
    assert "Grand Belfort" in app.title[0].value


def test_briefing_files_are_attached_to_the_visitor_not_deferred(app: AppTest) -> None:
    """Streamlit deletes a deferred download's file after any two script runs of any session, so under load
    the browser could fetch a deleted file (seen in make loadtest): the files are rendered with the page."""
    app.run()
    app.switch_page("pages/briefing.py").run()
    assert not app.exception
    buttons = [el.proto for el in app.get("download_button")]
    assert [b.label for b in buttons] == ["Télécharger la note (PPTX)", "Télécharger la note (PDF)",
                                          "Chiffres par commune (CSV)", "Chiffres par commune (XLSX)"]
    for b in buttons:
        assert "/media/" in b.url and b.url.endswith((".pptx", ".pdf", ".csv", ".xlsx")), b.url
        assert not b.deferred_file_id, f"{b.label}: deferred download"


def test_briefing_caption_lists_the_levers_with_one_final_full_stop(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/simulateur.py").run()
    app.slider(key="sim_tw_adoption").set_value(30).run()
    app.switch_page("pages/briefing.py").run()
    caption = next(c.value for c in app.caption if c.value.startswith("Territoire :"))
    assert "télétravail 30 %" in caption
    assert caption.endswith("j/sem.") and ".." not in caption, caption


@pytest.fixture()
def france_never_read(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Records every territory whose inputs or outlines the app reads; France's must never be (2.3 million flows,
    35 000 outlines: seconds and gigabytes of the shared server for one visitor)."""
    from maillage.ui import data

    read: list[tuple[str, str]] = []
    load, query = data.load_territory_inputs, data.query

    def spy_load(con, level: str, code: str):  # type: ignore[no-untyped-def]
        read.append((level, code))
        return load(con, level, code)

    def spy_query(name: str, **params: object):  # type: ignore[no-untyped-def]
        if name == "territory_geometry":
            read.append((str(params["level"]), str(params["code"])))
        return query(name, **params)

    monkeypatch.setattr(data, "load_territory_inputs", spy_load)
    monkeypatch.setattr(data, "query", spy_query)
    return read


@pytest.mark.parametrize("page", PAGES)
def test_france_is_shown_from_stored_totals_and_never_simulated(app: AppTest, page: str,
                                                                france_never_read: list[tuple[str, str]]) -> None:
    app.query_params["t"] = "france:FR"
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert ("france", "FR") not in france_never_read
    if page == "pages/territoire.py":
        assert metric_value(app, "Population") > 500_000  # the fixture's five départements
    if page in ("pages/simulateur.py", "pages/briefing.py"):
        assert any("ne se simule pas" in i.value for i in app.info), [i.value for i in app.info]
        assert not app.get("download_button")


def test_a_saved_france_scenario_is_left_out_of_the_comparison_with_a_message(
        app: AppTest, france_never_read: list[tuple[str, str]]) -> None:
    from maillage.model.scenario import TerritoryRef

    app.run()
    app.switch_page("pages/simulateur.py").run()
    here = app.session_state["scenario"]
    app.session_state["saved_scenarios"] = {"Ici": here, "France": here.with_changes(territory=TerritoryRef("france", "FR"))}
    app.switch_page("pages/comparer.py").run()
    assert not app.exception, app.exception
    assert ("france", "FR") not in france_never_read
    assert any("Non comparé : France" in w.value and "ne se simule pas" in w.value for w in app.warning), [w.value for w in app.warning]
    assert app.dataframe, "the other scenario is still compared"
