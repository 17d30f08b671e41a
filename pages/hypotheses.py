"""Hypothèses & sources — every number with its range, unit and source; expert overrides; data provenance."""

from dataclasses import replace

import streamlit as st

from maillage.model.assumptions import ASSUMPTIONS, assumptions_frame
from maillage.ui import data, state
from maillage.ui.i18n import tr
from maillage.ui.router import require_router
from maillage.ui.widgets import matching_rows

require_router()  # first request of a fresh server: go through app.py

st.title(tr("Hypothèses & sources", "Assumptions & sources"))
st.markdown("Chaque nombre utilisé par Maillage, avec sa fourchette, son unité, sa source et son année. "
            "Les fourchettes servent aux résultats « bas–haut » et au classement des hypothèses qui pèsent le plus.")
query = st.text_input("Rechercher une hypothèse", key="hyp_search", max_chars=60)
table = matching_rows(assumptions_frame(), query)
st.dataframe(table, hide_index=True, width="stretch")

if not state.presenter():
    with st.expander(tr("Mode expert : modifier des hypothèses pour le scénario en cours", "Expert mode: change assumptions for the current scenario")):
        st.caption("Chaque valeur reste dans la fourchette publiée. Les modifications voyagent avec le lien "
                   "et le fichier du scénario.")
        scenario = state.current()
        overrides = dict(scenario.overrides)
        keys = st.multiselect("Hypothèses à modifier", list(ASSUMPTIONS), default=list(overrides),
                              key="hyp_expert_keys", format_func=lambda k: ASSUMPTIONS[k].label_fr)
        new = {}
        for key in keys:
            a = ASSUMPTIONS[key]
            if a.low == a.high:
                st.caption(f"{a.label_fr} : valeur fixe {a.value:g} {a.unit}.")
                continue
            new[key] = st.slider(f"{a.label_fr} ({a.unit})", float(a.low), float(a.high),
                                 float(overrides.get(key, a.value)), key=f"hyp_{key}")
        if new != overrides:
            state.set_current(replace(scenario, overrides=tuple(new.items())))

st.subheader(tr("Données et provenance", "Data and provenance"))
st.dataframe(data.query("provenance"), hide_index=True, width="stretch")
st.subheader(tr("Calage du modèle de flux (estimation) face aux chiffres publiés", "Flow model calibration (estimate) against published figures"))
st.dataframe(data.query("calibration"), hide_index=True, width="stretch")
st.subheader(tr("Méthode et limites", "Method and limits"))
st.markdown(
    """
- **Ce qui est réel** : population (INSEE, COG 2026), actifs occupés, modes de transport et actifs travaillant dans
  leur commune (INSEE RP2022, par commune), indicateurs d'emploi des EPCI et des communes de 5 000 habitants ou plus
  (INSEE RP2022 via l'observatoire ptod), facteurs d'émission (ADEME Base Carbone V22), sites connus (ANCT).
- **Ce qui est estimé** (signalé « estimation ») : les flux commune → commune (la base nationale INSEE des flux
  domicile-travail n'est pas fournie hors ligne ; Maillage l'utilise dès qu'elle est placée dans `data/raw/insee/`),
  les emplois des communes de moins de 5 000 habitants (emplois de l'EPCI répartis), les demandeurs d'emploi.
  Les flux sont produits par un modèle gravitaire doublement contraint calé sur les chiffres publiés (tableau ci-dessus).
- **Télétravail** : appliqué aux actifs dont l'emploi est télétravaillable (selon les catégories socioprofessionnelles),
  au-delà du télétravail déjà pratiqué ; effet net de l'effet rebond (ADEME 2020).
- **Tiers-lieux** : usagers pris parmi les actifs faisant de longs trajets et habitant dans la zone du site, dans la
  limite des places ; les évaluations publiées sont prudentes : la part d'usagers qui remplacent vraiment un long
  trajet est incertaine (fourchette large).
- **Formation** : seul l'effet net compte (écart au taux d'emploi sans formation) ; les trajets des nouveaux emplois
  sont ajoutés.
- **Emplois** : jamais additionnés en un seul chiffre ; les emplois présentiels gagnés dans les communes de résidence
  sont en partie perdus dans les communes de travail (transfert).
"""
)
