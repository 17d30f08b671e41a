"""Territoire — the diagnostic: who commutes where, how far, by which mode, at what CO2 and time cost."""

import streamlit as st

from maillage.fmt import fmt_co2_t, fmt_number
from maillage.ui import data, diagnostic, figures, layout, state
from maillage.ui.i18n import tr
from maillage.ui.router import require_router

require_router()  # first request of a fresh server: go through app.py

scenario = state.current()
ref = scenario.territory
big = state.presenter()
info = data.query("territory_info", level=ref.level, code=ref.code)
name = str(info.iloc[0]["name"]) if not info.empty else str(ref)
st.title(f"{name} — " + tr("diagnostic des trajets domicile-travail", "commuting diagnostic"))

# The page needs the territory's totals (stored by the build for départements, régions and France), not its
# flows: France's would take the server seconds and gigabytes.
if info.empty or not int(info.iloc[0]["n_communes"] or 0):
    st.info("Ce territoire ne contient aucune commune dans la base : rien à afficher.")
    st.stop()
totals = diagnostic.totals_for(ref.level, ref.code)
if bool(data.query("territory_estimated", level=ref.level, code=ref.code).iloc[0]["estimated"]):
    layout.estimation_badge("Flux commune→commune et emplois communaux : estimations (voir Hypothèses & sources)")

c1, c2, c3, c4 = layout.card_columns(4)
with c1:
    layout.kpi(tr("Population", "Population"), f"{fmt_number(totals.get('population', 0), 0)} hab.",
               source="INSEE, populations légales 2023 (COG 2026), via @etalab/decoupage-administratif 6.0.0")
with c2:
    layout.kpi(tr("Actifs occupés résidents", "Employed residents"), fmt_number(totals.get("employed_residents", 0), 0),
               detail=f"dont {fmt_number(totals.get('leaving', 0), 0)} travaillent hors de leur commune",
               source=diagnostic.SRC_RP)
with c3:
    layout.kpi(tr("CO₂ des trajets domicile-travail", "Commute CO₂"), fmt_co2_t(totals.get("co2_lifecycle_t", 0)),
               detail=f"cycle de vie ; à l'échappement : {fmt_co2_t(totals.get('co2_ttw_t', 0))}",
               source=diagnostic.SRC_CO2, estimated=True)
with c4:
    layout.kpi(tr("Temps de trajet", "Travel time"), f"{fmt_number(totals.get('hours_per_year', 0), 0)} h/an",
               detail=f"distance moyenne {fmt_number(totals.get('mean_one_way_km', 0), 1)} km (aller)",
               source=diagnostic.SRC_FLOWS, estimated=True)

refs = diagnostic.comparison_refs(ref.level, ref.code)
st.subheader(tr("Comparaison avec le département, la région et la France", "Compared with the département, the région and France"))
st.dataframe(diagnostic.indicator_table(refs), hide_index=True, width="stretch")
st.caption("Nombres arrondis ; « estimation » : valeur calculée par Maillage faute de donnée publiée à cette "
           "échelle (méthode dans Hypothèses & sources). CO₂ : cycle de vie = ADEME Base Carbone (fabrication et "
           "carburant) ; à l'échappement = périmètre INSEE.")
st.plotly_chart(figures.modal_share_bar(diagnostic.modal_shares(refs), big=big), width="stretch",
                key="ter_modal_chart")

st.subheader(tr("Cartes", "Maps"))
basemap = st.toggle("Fond de carte (nécessite internet)", key="ter_basemap", value=False)
simulable = data.simulable(ref.level)  # France's 35 000 commune outlines are not even read
geometry = data.query("territory_geometry", level=ref.level, code=ref.code) if simulable else None
if geometry is None:
    st.info("Pour la France entière, les cartes par commune sont trop lourdes pour un atelier : "
            "choisissez une région, un département ou une intercommunalité.")
elif geometry.empty:
    st.info("Pas de contour disponible pour ce territoire.")
else:
    choices = {
        "co2_lifecycle_t": ("CO₂ des trajets (cycle de vie)", "t CO₂e/an"),
        "mean_one_way_km": ("Distance moyenne (aller)", "km"),
        "employed_residents": ("Actifs occupés résidents", "actifs"),
        "hours_per_year": ("Temps de trajet", "h/an"),
    }
    col = st.selectbox("Indicateur de la carte", list(choices), key="ter_map_indicator",
                       format_func=lambda k: choices[k][0])
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{choices[col][0]} par commune** ({choices[col][1]})")
        st.pydeck_chart(diagnostic.choropleth_map(ref.level, ref.code, col, *choices[col], basemap=basemap),
                        key="ter_map_choro")
    with right:
        top = st.slider("Principaux flux affichés", 10, 100, 30, step=10, key="ter_top_flows")
        st.markdown(f"**Les {top} principaux flux domicile → travail** (estimation)")
        st.pydeck_chart(diagnostic.flow_map(ref.level, ref.code, top, basemap=basemap), key="ter_map_flows")
