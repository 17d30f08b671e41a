"""AppTest: the flows beyond one page — siting → simulator, save → compare, expert overrides, presenter mode,
language, and the page shown when the database is missing or corrupt."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, TIMEOUT_S, metric_value

DOUBS = "departement:25"


def test_proposed_sites_for_a_departement_change_the_simulator(app: AppTest) -> None:
    app.query_params["t"] = DOUBS
    app.run()
    assert not app.exception
    app.switch_page("pages/sites.py").run()
    app.number_input(key="site_n").set_value(3)
    app.button[0].click()  # the form's submit button is the page's first button
    app.run()
    assert not app.exception
    assert app.session_state["site_result"]["sites"].shape[0] == 3
    codes = set(app.session_state["site_result"]["sites"]["code"])
    app.button(key="site_add").click().run()
    assert not app.exception
    scenario_sites = {s.commune_code for s in app.session_state["scenario"].tiers_lieux.sites}
    assert scenario_sites == codes
    assert all(c.startswith("25") for c in codes), "proposed sites stay inside the département"
    app.switch_page("pages/simulateur.py").run()
    assert not app.exception
    assert metric_value(app, "Emplois directs") > 0
    assert metric_value(app, "Δ CO₂") < 0


def test_two_saved_scenarios_are_compared_side_by_side(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/simulateur.py").run()
    app.text_input(key="sim_save_name").set_value("Sans levier").run()
    app.button(key="sim_save").click().run()
    app.slider(key="sim_tw_adoption").set_value(40).run()
    app.text_input(key="sim_save_name").set_value("Télétravail 40 %").run()
    app.button(key="sim_save").click().run()
    assert not app.exception
    assert set(app.session_state["saved_scenarios"]) == {"Sans levier", "Télétravail 40 %"}
    app.switch_page("pages/comparer.py").run()
    assert not app.exception
    headline = app.dataframe[0].value
    assert {"Sans levier", "Télétravail 40 %"} <= set(map(str, headline.columns)) | set(
        map(str, headline.iloc[:, 0]))


def test_expert_override_changes_the_result_within_its_range(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/simulateur.py").run()
    app.slider(key="sim_tw_adoption").set_value(40).run()
    before = metric_value(app, "Δ CO₂")
    app.switch_page("pages/hypotheses.py").run()
    assert not app.exception
    ms = app.multiselect(key="hyp_expert_keys")
    key = next(k for k in ms.options if "rebond" in k.lower() or "rebound" in k.lower())
    app.multiselect(key="hyp_expert_keys").set_value([key]).run()
    slider = next(s for s in app.slider if s.key and s.key.startswith("hyp_") and s.key != "hyp_expert_keys")
    slider.set_value(slider.min).run()
    assert not app.exception
    assert app.session_state["scenario"].overrides_dict
    app.switch_page("pages/simulateur.py").run()
    assert not app.exception
    assert metric_value(app, "Δ CO₂") != before


# Note: AppTest (Streamlit 1.67) drops sidebar elements from its element tree after the first run of an
# app using st.navigation, so sidebar widgets are driven through the link or the session state here; the
# browser tests click the real sidebar.


def test_presenter_mode_from_the_link_starts_with_telework_only(app: AppTest) -> None:
    app.query_params["p"] = "1"  # presenter mode travels in the link
    app.run()
    assert app.session_state["app_presenter"] is True
    app.switch_page("pages/simulateur.py").run()
    assert not app.exception
    assert app.radio(key="sim_presenter_step").value == 1
    keys = {s.key for s in app.slider}
    assert "sim_tw_adoption" in keys
    assert not keys & {"sim_tl_catchment", "sim_tr_years"}, "tiers-lieux and training revealed later"


def test_arriving_workers_never_exceed_the_jobs_of_the_territory(app: AppTest) -> None:
    app.run()
    table = app.dataframe[0].value
    first = table.columns[2]
    row = {str(r["Indicateur"]).split(" (")[0]: r[first] for _, r in table.iterrows()}
    arriving = float(str(row["Actifs venant d'ailleurs travailler dans le territoire"]).replace("\u202f", "")
                     .replace(" ", "").replace(",", "."))
    jobs = float(str(row["Emplois au lieu de travail"]).replace("\u202f", "").replace(" ", "").replace(",", "."))
    assert 0 < arriving < jobs


def test_english_switches_the_sidebar_titles_and_headline_labels(app: AppTest) -> None:
    app.session_state["app_lang"] = "en"
    app.run()
    assert not app.exception
    labels = [str(x.label) for x in app.sidebar.toggle] + [str(x.label) for x in app.sidebar.radio]
    assert "Presenter mode (projector)" in labels and "Language" in labels
    assert "commuting diagnostic" in app.title[0].value
    app.switch_page("pages/simulateur.py").run()
    assert not app.exception
    assert app.title[0].value.startswith("Simulator")
    assert any(m.label.startswith("Δ CO₂ of commutes") for m in app.metric)


@pytest.mark.parametrize("content", [None, b"ceci n'est pas une base DuckDB" * 100])
def test_missing_or_corrupt_database_shows_the_rebuild_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               content: bytes | None) -> None:
    path = tmp_path / "base.duckdb"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("MAILLAGE_DB", str(path))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    assert "base de données indisponible" in at.title[0].value
    assert any("make data" in c.value for c in at.code)


def test_assumption_search_ignores_accents_and_keeps_matching_rows(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/hypotheses.py").run()
    everything = len(app.dataframe[0].value)
    app.text_input(key="hyp_search").set_value("REBOND").run()  # matches « rebond » whatever the case
    assert not app.exception
    found = app.dataframe[0].value
    assert 0 < len(found) < everything
    assert all("rebond" in " ".join(map(str, row)).lower() for row in found.itertuples(index=False))


def test_siting_shows_what_known_sites_capture_with_french_labels(app: AppTest) -> None:
    app.query_params["t"] = DOUBS
    app.run()
    app.switch_page("pages/sites.py").run()
    app.button[0].click()
    app.run()
    assert not app.exception
    known = app.dataframe[-1].value
    assert {"Site", "Type", "Commune", "Usagers captés", "CO₂ évité (t/an)"} <= set(known.columns)
    assert set(known["Type"]) <= {"Fabrique de territoire", "Manufacture de proximité", "France services"}
    assert all(str(c).startswith("25") for c in known["Commune"])
