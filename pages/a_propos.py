"""À propos & accessibilité — what Maillage is, offline use, accessibility statement, licences."""

import streamlit as st

from maillage.ui.i18n import tr
from maillage.ui.router import require_router

require_router()  # first request of a fresh server: go through app.py

st.title(tr("À propos de Maillage", "About Maillage"))
st.markdown(
    """
**Maillage** aide les élus et les agences à explorer trois leviers pour rapprocher l'emploi des habitants :
le télétravail, les tiers-lieux et la formation au numérique. Il montre leurs effets sur les émissions de CO₂ des
trajets domicile-travail, le temps passé et l'emploi local, avec des fourchettes, des coûts et des sources.

- **Hors ligne** : une fois installé, Maillage n'envoie aucune requête hors de la machine ; les cartes n'utilisent
  pas de fond de carte, sauf si vous l'activez (il faut alors internet).
- **Confidentialité** : vos scénarios restent dans votre session de navigateur ; un autre visiteur ne les voit pas.
  Rien n'est conservé côté serveur après la fermeture de l'onglet.
- **Code et données** : logiciel libre (MIT) ; données ouvertes (INSEE, ANCT, ADEME, IGN), détaillées dans
  « Hypothèses & sources ».
"""
)
st.header(tr("Déclaration d'accessibilité", "Accessibility statement"))
st.markdown(
    """
Maillage vise la conformité au RGAA 4.1 (niveau AA du WCAG 2.1). État : **partiellement conforme**, non audité.

- Navigation au clavier : tous les contrôles sont atteignables avec Tab, les curseurs se règlent avec les flèches.
- Mode présentation : gros caractères et fort contraste pour la salle du conseil.
- Couleurs : palettes lisibles par les personnes daltoniennes (Okabe–Ito, cividis) ; les graphiques différencient
  aussi les séries par des motifs et des libellés, lisibles en noir et blanc.
- Contrôle automatique : chaque page est testée avec axe-core dans un navigateur ; aucune anomalie « grave » ou
  « critique » n'est tolérée.
- Limites connues : les cartes interactives (pydeck) ne sont pas accessibles aux lecteurs d'écran ; les mêmes
  informations sont données dans les tableaux de la page.

Signaler un problème d'accessibilité : ouvrez un ticket sur le dépôt du projet.
"""
)
