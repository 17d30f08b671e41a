"""Comparer — up to four saved scenarios side by side against the baseline."""

import streamlit as st

from maillage.model.scenario import ScenarioError
from maillage.share import scenario_file_to_scenario
from maillage.ui import compare, data, figures, layout, state
from maillage.ui.i18n import tr
from maillage.ui.router import require_router

require_router()  # first request of a fresh server: go through app.py

MAX_COMPARED = 4
big = state.presenter()
st.title(tr("Comparer des scénarios", "Compare scenarios"))
saved = state.saved()

with st.expander(tr("Gérer les scénarios enregistrés", "Manage saved scenarios"), expanded=not saved):
    if not saved:
        st.info("Aucun scénario enregistré pour l'instant : réglez les leviers dans le Simulateur puis "
                "« Enregistrer », ou importez un fichier de scénario ci-dessous.")
    for label in list(saved):
        c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
        new_label = c1.text_input("Nom", value=label, key=f"cmp_name_{label}", max_chars=60,
                                  label_visibility="collapsed")
        if new_label.strip() and new_label.strip() != label and new_label.strip() not in saved:
            compare.rename(saved, label, new_label.strip())
            st.rerun()
        c2.button("Ouvrir dans le simulateur", key=f"cmp_open_{label}", on_click=compare.open_in_simulator,
                  args=(label,))
        c3.button("Dupliquer", key=f"cmp_dup_{label}", on_click=compare.duplicate, args=(saved, label))
        c4.button("Supprimer", key=f"cmp_del_{label}", on_click=compare.delete, args=(saved, label))
    st.download_button("Exporter le scénario en cours (JSON)", data=state.current().to_json().encode("utf-8"),
                       file_name="scenario_maillage.json", mime="application/json", key="cmp_export")
    upload = st.file_uploader("Importer un scénario (fichier JSON Maillage, 64 ko au plus)", type=["json"],
                              key="cmp_import")
    if upload is not None:
        try:
            imported = scenario_file_to_scenario(upload.getvalue())
        except ScenarioError as exc:
            st.error(layout.plain(f"Fichier refusé : {exc.message}"))
        else:
            if not state.territory_exists(imported.territory):
                st.error(layout.plain(f"Fichier refusé : le territoire « {imported.territory} » n'existe pas dans la base."))
            else:
                label = (imported.name or upload.name.removesuffix(".json"))[:60] or "Importé"
                saved[label] = imported.with_changes(name=label)
                st.success(layout.plain(f"« {label} » importé."))

if not saved:
    st.stop()
chosen = st.multiselect("Scénarios à comparer (4 au plus)", list(saved), default=list(saved)[:MAX_COMPARED],
                        max_selections=MAX_COMPARED, key="cmp_selected")
too_large = [label for label in chosen if not data.simulable(saved[label].territory.level)]
if too_large:
    st.warning(f"Non comparé{'s' if len(too_large) > 1 else ''} : {layout.plain(', '.join(too_large))}. "
               + data.NOT_SIMULATED_FR)
    chosen = [label for label in chosen if label not in too_large]
if not chosen:
    st.stop()
results = [(label, data.run_simulation(saved[label])) for label in chosen]
scope = st.radio("Périmètre CO₂", ["lifecycle", "ttw"], horizontal=True, key="cmp_scope",
                 format_func=lambda s: {"lifecycle": "cycle de vie", "ttw": "à l'échappement"}[s])
st.dataframe(compare.headline_table(results, scope), hide_index=True, width="stretch")
st.plotly_chart(figures.grouped_bars([n for n, _ in results], compare.bar_metrics(results, scope),
                                     "Effets à l'horizon, par scénario", big=big), width="stretch",
                key="cmp_bars")
st.plotly_chart(figures.trajectory_chart([(n, r.trajectory) for n, r in results], f"delta_co2_{scope}_t",
                                         "Trajectoires : Δ CO₂ des trajets par an", "t CO₂e/an", big=big),
                width="stretch", key="cmp_traj")
st.markdown("**Ce qui diffère entre les leviers**")
st.dataframe(compare.lever_diff([(n, saved[n]) for n in chosen]), hide_index=True, width="stretch")
