"""Note de synthèse — one click: PPTX with editable charts, PDF, CSV/XLSX of per-commune figures."""

import streamlit as st

from maillage.report.assemble import MIME
from maillage.ui import briefing_view, state
from maillage.ui import data as app_data
from maillage.ui.i18n import tr
from maillage.ui.router import require_router

require_router()  # first request of a fresh server: go through app.py

st.title(tr("Note de synthèse", "Briefing"))
scenario = state.current()
if not app_data.simulable(scenario.territory.level):  # France: not simulated in the shared app
    st.info(app_data.NOT_SIMULATED_FR)
    st.stop()
st.markdown(
    "Exportez le scénario en cours pour une note ou un conseil : diaporama **PPTX aux graphiques modifiables**, "
    "**PDF** avec le même contenu, et **tableur** des chiffres par commune (CSV pour Excel en français, XLSX). "
    "Les autres scénarios enregistrés sont ajoutés en comparaison."
)
scope = st.radio("Périmètre CO₂ de la note", ["lifecycle", "ttw"], horizontal=True, key="brief_scope",
                 format_func=lambda s: {"lifecycle": "cycle de vie (ADEME)", "ttw": "à l'échappement (INSEE)"}[s])
label, data, key = briefing_view.briefing_data(scenario, scope)
st.caption(f"Territoire : {label}. Leviers : {briefing_view.levers_summary(scenario).rstrip('.')}.")  # no 'sem..'
cols = st.columns(4)
with st.spinner("Préparation des fichiers…"):  # rendered with the page (see briefing_view), cached per content
    files = {fmt: briefing_view.rendered(key, data, fmt) for fmt in briefing_view.BUTTONS}
for col, (fmt, button) in zip(cols, briefing_view.BUTTONS.items(), strict=True):
    with col:
        st.download_button(button, data=files[fmt], file_name=briefing_view.filename(label, fmt),
                           mime=MIME[fmt], key=f"brief_dl_{fmt}", on_click="ignore", width="stretch")
