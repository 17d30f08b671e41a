"""Simulateur — move the three levers and see commute CO2, travel time and local jobs change at once."""

import streamlit as st

from maillage.model.results import SCOPE_LABELS_FR
from maillage.ui import data, figures, layout, results_view, siting_view, state, widgets
from maillage.ui.i18n import tr
from maillage.ui.router import require_router
from maillage.ui.runlog import timed_run

require_router()  # first request of a fresh server: go through app.py

big = state.presenter()
scenario = state.current()
ref = scenario.territory
info = data.query("territory_info", level=ref.level, code=ref.code)
name = str(info.iloc[0]["name"]) if not info.empty else str(ref)
st.title(tr("Simulateur", "Simulator") + f" — {name}")
if not data.simulable(ref.level):  # France: a reference, not simulated in the shared app (see data.NOT_SIMULATED_FR)
    st.info(data.NOT_SIMULATED_FR)
    st.stop()
communes = data.territory_inputs(ref.level, ref.code).communes
commune_names = dict(zip(communes["code"], communes["name"], strict=True))

steps = 3
if big:
    steps = st.radio("Leviers dévoilés", [1, 2, 3], horizontal=True, key="sim_presenter_step",
                     format_func=lambda n: ["Télétravail", "+ Tiers-lieux", "+ Formation"][n - 1])


@st.fragment
def simulator() -> None:
    with timed_run("simulator"):  # a lever move reruns this fragment only; off unless $MAILLAGE_RUN_LOG is set
        simulator_body()


def simulator_body() -> None:
    base = state.current()
    widgets.seed_lever_widgets(base, force=bool(st.session_state.get(state.SEED_KEY)))
    st.session_state[state.SEED_KEY] = False
    levers, results = st.columns([1, 2] if big else [2, 3], gap="large")
    with levers:
        st.subheader(tr("Les leviers", "Levers"))
        st.button("↺ " + "Revenir à la situation actuelle", key="sim_reset", on_click=widgets.reset_levers)
        horizon = widgets.horizon_widget()
        with st.expander(tr("1. Télétravail", "1. Telework"), expanded=True):
            telework = widgets.telework_widgets(base)
        tl_settings = {"catchment_km": base.tiers_lieux.catchment_km, "days_per_week": base.tiers_lieux.days_per_week,
                       "min_commute_km": base.tiers_lieux.min_commute_km}
        if steps >= 2:
            with st.expander(tr("2. Tiers-lieux", "2. Coworking spaces (tiers-lieux)"), expanded=not big or steps == 2):
                tiers_lieux_panel(base)
                tl_settings = widgets.tiers_lieux_settings()
        training = base.training
        if steps >= 3:
            with st.expander(tr("3. Formation au numérique", "3. Digital-skills training"), expanded=not big or steps == 3):
                training = widgets.training_widgets()
        new, error = widgets.build_scenario(base, telework, tl_settings, training, horizon)
        if error:
            st.error(layout.plain(error))
        state.set_current(new)
        state.sync_link()
    with results:
        st.subheader(tr("Les effets à l'horizon ", "Effects by ") + str(new.horizon_year))
        scope = st.radio("Périmètre CO₂", ["lifecycle", "ttw"], horizontal=True, key="sim_scope",
                         format_func=lambda s: SCOPE_LABELS_FR[s])
        with st.spinner("Calcul…"):
            result = data.run_simulation(new)
        results_view.headline_cards(result, scope)
        results_view.jobs_cards(result)
        results_view.charts(result, scope, big=big)
        if not big:
            st.markdown("**Coûts**")
            st.table(results_view.costs_table(result).set_index("Indicateur"))  # light HTML table, redrawn per move
        if st.toggle("Carte des effets par commune", key="sim_show_map", value=False):
            geometry = data.map_geometry(ref.level, ref.code)
            if geometry.empty:
                st.info("Pas de contour disponible pour ce territoire.")
            else:
                deck = figures.choropleth(geometry, result.per_commune, f"delta_co2_{scope}_t", "Δ CO₂",
                                          "t CO₂e/an", diverging=True)
                st.pydeck_chart(figures.serialized(deck), key="sim_map")  # compact JSON (see figures.serialized)
        save_panel()


def tiers_lieux_panel(base) -> None:
    sites = base.tiers_lieux.sites
    if sites:
        st.markdown("**Sites du scénario**")
        for site in sites:
            c1, c2 = st.columns([3, 2])
            c1.write(f"{commune_names.get(site.commune_code, site.commune_code)} — {site.seats} places, "
                     f"ouverture {site.opening_year}")
            c2.button("Retirer", key=f"sim_tl_remove_{site.commune_code}", on_click=widgets.remove_site,
                      args=(site.commune_code,))
    else:
        st.caption("Aucun tiers-lieu dans le scénario. Ajoutez-en un ci-dessous, ou laissez la page "
                   "« Où ouvrir des tiers-lieux ? » en proposer.")
    codes = sorted(commune_names, key=lambda c: commune_names[c])
    if not codes:
        return
    code = st.selectbox("Commune du nouveau tiers-lieu", codes, key="sim_tl_add_commune",
                        format_func=lambda c: f"{commune_names[c]} ({c})")
    c1, c2 = st.columns(2)
    seats = c1.number_input("Places", min_value=1, max_value=500, value=20, step=5, key="sim_tl_add_seats")
    year = c2.number_input("Année d'ouverture", min_value=2025, max_value=2050, value=max(2025, base.horizon_year - 4),
                           key="sim_tl_add_year")
    st.button("Ajouter ce tiers-lieu", key="sim_tl_add", on_click=widgets.add_site,
              args=(code, int(seats), int(year)))
    known = data.query("tiers_lieux_in", level=ref.level, code=ref.code)
    if not known.empty:
        with st.popover(f"Sites connus du territoire ({len(known)})"):
            st.dataframe(siting_view.known_sites_table(known), hide_index=True)


def save_panel() -> None:
    with st.expander(tr("Enregistrer ou partager ce scénario", "Save or share this scenario")):
        name = st.text_input("Nom du scénario", key="sim_save_name", max_chars=60)
        if st.button("Enregistrer", key="sim_save"):
            saved = state.saved()
            label = (name or f"Scénario {len(saved) + 1}").strip()[:60]
            if len(saved) >= state.MAX_SAVED and label not in saved:
                st.warning(f"Au plus {state.MAX_SAVED} scénarios enregistrés : supprimez-en un (page Comparer).")
            else:
                saved[label] = state.current().with_changes(name=label)
                st.success(layout.plain(f"« {label} » enregistré. Comparez-le dans la page Comparer."))
        results_view.share_link("sim_link")


simulator()
