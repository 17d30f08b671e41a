"""Où ouvrir des tiers-lieux ? — a greedy siting optimizer proposes the best communes of the territory."""

import streamlit as st

from maillage.ui import data, siting_view, state
from maillage.ui.i18n import tr
from maillage.ui.router import require_router

require_router()  # first request of a fresh server: go through app.py

big = state.presenter()
ref = state.current().territory
st.title(tr("Où ouvrir des tiers-lieux ?", "Where to open coworking spaces?"))
st.markdown(
    "Maillage cherche les communes où un tiers-lieu **raccourcirait le plus de trajets en voiture** : les actifs "
    "qui partent travailler loin en voiture utilisent un tiers-lieu s'il est proche de chez eux et s'il leur fait "
    "gagner assez de temps. On choisit les sites un par un, chaque fois celui qui ajoute le plus (méthode gloutonne, "
    "garantie d'atteindre au moins 63 % de l'optimum)."
)
if ref.level == "commune":
    st.info("Choisissez une intercommunalité, un département ou une région : à l'échelle d'une commune, "
            "il n'y a qu'un site possible.")
    st.stop()
if not data.simulable(ref.level):  # France: not read in the shared app (see data.NOT_SIMULATED_FR)
    st.info("À l'échelle de la France entière, choisissez plutôt une région ou un département.")
    st.stop()

with st.form("site_form"):
    c1, c2, c3 = st.columns(3)
    n_sites = c1.number_input("Nombre de sites", 1, 30, 5, key="site_n")
    seats = c2.number_input("Places par site", 5, 200, 20, step=5, key="site_seats")
    objective = c3.selectbox("Objectif", list(siting_view.OBJECTIVES), key="site_objective",
                             format_func=lambda k: siting_view.OBJECTIVES[k])
    c4, c5 = st.columns(2)
    catchment_min = c4.slider("Temps d'accès au site, au plus (min)", 5, 30, 15, key="site_catchment")
    min_saving = c5.slider("Gain de temps minimal par trajet (min)", 0, 30, 10, key="site_min_saving")
    submitted = st.form_submit_button("Proposer des sites")

if submitted:
    with st.spinner("Recherche des meilleurs sites…"):
        st.session_state["site_result"] = siting_view.run(
            ref, int(n_sites), int(seats), objective, float(catchment_min), float(min_saving))

result = st.session_state.get("site_result")
if result is not None and result["territory"] == str(ref):
    siting_view.show(result, big=big)
    st.button("Ajouter ces sites au scénario du simulateur", key="site_add", type="primary",
              on_click=siting_view.add_to_scenario, args=(result,))
    known = data.query("tiers_lieux_in", level=ref.level, code=ref.code)
    siting_view.show_known(result, known)
