"""Every number the model uses: value, plausible range, unit, source and year, in one table.

The table is shown as it is in the app (page « Hypothèses & sources »). Scenario overrides may move any
assumption within its [low, high] range; :func:`resolve` checks them. Sources are those collected in
shared/docs/evidence.md; values marked *dérivé* were computed from the cited figures, values marked
*estimation* are judgement, flagged so on screen.

Modelling choices recorded here (they are the ones a reader most often asks about):

* Baseline telework is a single national pattern (not by density level): a share
  ``baseline_teleworker_share`` of *teleworkable* commuters already telework ``baseline_telework_days_per_week``
  days. Because it applies to the commune's teleworkable share (its PCS mix), it is lower in rural, farm and
  blue-collar communes, as observed (≈ 10 % of employees in very low density vs 26 % nationally).
  National check: 0.39 × 0.67 × 2 / 5 ≈ 10 % of worked days (DARES 2023), below the 15 % of 2021 (Covid).
* Tiers-lieu users are car commuters; their short trip to the site is by car (conservative: the site's
  neighbours could walk or cycle, which the model does not credit).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType

import pandas as pd

from maillage.model.scenario import ScenarioError


@dataclass(frozen=True)
class Assumption:
    """One assumption: central ``value`` within [``low``, ``high``], in ``unit``, from ``source`` (``year``)."""

    key: str
    label_fr: str
    label_en: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    year: int
    note: str = ""
    group: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.value <= self.high:
            raise ValueError(f"assumption {self.key}: value {self.value} outside [{self.low}, {self.high}]")

    @property
    def varies(self) -> bool:
        """True when the range is not a single point (it then enters ranges and the tornado)."""
        return self.low < self.high


_IMPACTCO2 = "ADEME, simulateur télétravail impactco2.fr (46 semaines, plafond 218 jours)"
_EVIDENCE = "shared/docs/evidence.md"

_ROWS: tuple[Assumption, ...] = (
    # --- Commuting -------------------------------------------------------------------------------------
    Assumption("working_days_per_year", "Jours travaillés par an", "Working days per year", 218, 200, 228,
               "jours/an", _IMPACTCO2, 2023, "200 : temps partiels fréquents ; 228 : 46 semaines × 5 jours − fériés",
               "commute"),
    Assumption("working_days_per_week", "Jours travaillés par semaine", "Working days per week", 5, 5, 5,
               "jours/semaine", "Convention (semaine de 5 jours)", 2024, "convertit les jours/semaine en part", "commute"),
    Assumption("one_way_trips_per_onsite_day", "Trajets simples par jour sur site", "One-way trips per on-site day",
               2.0, 1.46, 2.2, "trajets/jour", "SDES, EMP 2019 : 7,3 trajets/semaine vers le lieu de travail", 2019,
               "1,46 = 7,3 ÷ 5 (trajets chaînés) ; 2,2 : retour le midi", "commute"),
    Assumption("car_occupancy", "Occupation des voitures (domicile-travail)", "Car occupancy (commuting)",
               1.05, 1.0, 1.4, "personnes/voiture", "SDES via nosgestesclimat", 2019,
               "1,4 : tous motifs de courte distance", "commute"),
    Assumption("pt_speed_kmh", "Vitesse porte-à-porte en transports en commun", "Door-to-door public-transport speed",
               18, 12, 25, "km/h", "estimation cohérente avec DARES Analyses 2015-081 (trajets TC ≈ 2 × voiture)",
               2015, "estimation", "commute"),
    Assumption("bike_speed_kmh", "Vitesse à vélo", "Cycling speed", 14, 12, 18, "km/h",
               "estimation (vélo utilitaire 12–15 km/h, VAE 18 km/h)", 2023, "estimation", "commute"),
    Assumption("walk_speed_kmh", "Vitesse à pied", "Walking speed", 4.5, 4, 5, "km/h", "estimation usuelle", 2023,
               "estimation", "commute"),
    Assumption("local_car_speed_kmh", "Vitesse en voiture sur trajet court", "Car speed on short local trips",
               40, 30, 50, "km/h", "estimation (routes locales, bourgs)", 2023,
               "trajet vers le tiers-lieu ; flux sans temps routier", "commute"),
    Assumption("detour_factor", "Coefficient de détour route / vol d'oiseau", "Road / great-circle detour factor",
               1.3, 1.2, 1.4, "", "prototype gravitaire (" + _EVIDENCE + ") ; littérature 1,2–1,4", 2024, "", "commute"),
    # --- Telework --------------------------------------------------------------------------------------
    Assumption("baseline_teleworker_share", "Part des actifs télétravaillables qui télétravaillent déjà",
               "Share of teleworkable workers already teleworking", 0.67, 0.23, 0.79, "part (0–1)",
               "DARES nov. 2024 (26 % des salariés en 2023 ; 9 % 2019 ; 31 % 2021) ÷ 39 % télétravaillables", 2023,
               "dérivé : 0,26 / 0,39", "telework"),
    Assumption("baseline_telework_days_per_week", "Jours de télétravail déjà pratiqués (télétravailleurs)",
               "Telework days already practised by teleworkers", 2.0, 1.0, 2.4, "jours/semaine",
               "Lability 2022 ; Institut Paris Région", 2022, "", "telework"),
    Assumption("telework_rebound_share", "Effet rebond du télétravail", "Telework rebound", 0.31, 0.25, 0.50,
               "part du gain brut", "ADEME / Greenworking, sept. 2020", 2020,
               "appliqué au CO2, aux km et au temps évités (simplification prudente)", "telework"),
    Assumption("national_teleworkable_share", "Part des emplois télétravaillables (France)",
               "Teleworkable share of jobs (France)", 0.39, 0.33, 0.51, "part (0–1)",
               "Insee Analyses Normandie n°111 (2023) ; AURA n°182 (2024)", 2023,
               "repli quand la commune n'a pas de valeur", "telework"),
    Assumption("teleworkable_pcs_farmers", "Télétravaillable : agriculteurs", "Teleworkable: farmers", 0.03, 0.03, 0.03,
               "part (0–1)", "Insee Analyses AURA n°182", 2024, "pas de fourchette publiée ; sert à la couche données",
               "telework"),
    Assumption("teleworkable_pcs_craft", "Télétravaillable : artisans, commerçants", "Teleworkable: craft, trade",
               0.33, 0.33, 0.33, "part (0–1)", "Insee Analyses AURA n°182", 2024, "pas de fourchette publiée", "telework"),
    Assumption("teleworkable_pcs_managers", "Télétravaillable : cadres", "Teleworkable: managers", 0.72, 0.72, 0.72,
               "part (0–1)", "Insee Analyses AURA n°182", 2024, "pas de fourchette publiée", "telework"),
    Assumption("teleworkable_pcs_intermediate", "Télétravaillable : professions intermédiaires",
               "Teleworkable: intermediate professions", 0.48, 0.48, 0.48, "part (0–1)", "Insee Analyses AURA n°182",
               2024, "pas de fourchette publiée", "telework"),
    Assumption("teleworkable_pcs_employees", "Télétravaillable : employés", "Teleworkable: clerical employees",
               0.36, 0.36, 0.36, "part (0–1)", "Insee Analyses AURA n°182", 2024, "pas de fourchette publiée", "telework"),
    Assumption("teleworkable_pcs_blue_collar", "Télétravaillable : ouvriers", "Teleworkable: blue-collar workers",
               0.02, 0.02, 0.02, "part (0–1)", "Insee Analyses AURA n°182", 2024, "pas de fourchette publiée", "telework"),
    # --- Tiers-lieux -----------------------------------------------------------------------------------
    Assumption("users_per_seat", "Usagers par poste de travail", "Users per seat", 2.55, 2.0, 3.0, "usagers/poste",
               "Caisse des Dépôts, « Externalités des télécentres » (2014), dérivé", 2014,
               "fourchette : estimation", "tiers_lieux"),
    Assumption("tiers_lieu_effective_share", "Part des usagers qui remplacent vraiment un long trajet",
               "Share of users who really replace a long commute", 0.45, 0.3, 0.6, "part (0–1)",
               "Cerema 2019 ; The Conversation 2021 (évaluations sceptiques) — non vérifié", 2021,
               "incertain : montré comme une fourchette", "tiers_lieux"),
    Assumption("tiers_lieu_access_min_km", "Distance minimale jusqu'au tiers-lieu", "Minimum trip to the site",
               2.0, 1.0, 4.0, "km", "estimation (site dans la commune de résidence)", 2024, "estimation", "tiers_lieux"),
    Assumption("direct_jobs_per_site", "Emplois directs par tiers-lieu", "Direct jobs per tiers-lieu", 2.5, 1.0, 7.0,
               "ETP/site", "France Tiers-Lieux 2021 (≈ 2,5) ; 2023 (≈ 7, dérivé 24 727 / 3 500)", 2023,
               "1 : petit espace animé par une personne (estimation)", "tiers_lieux"),
    Assumption("tiers_lieu_setup_eur", "Coût public d'ouverture d'un tiers-lieu", "Public set-up cost per site",
               50_000, 20_000, 150_000, "€/site", "estimation, ordre de grandeur des aides ANCT « Fabriques de territoire »",
               2023, "estimation", "tiers_lieux"),
    Assumption("tiers_lieu_running_public_eur_per_year", "Soutien public annuel au fonctionnement",
               "Public running support per year", 50_000, 25_000, 126_000, "€/site/an",
               "ANCT « Nouveaux lieux, nouveaux liens » (50 k€/an) ; France Tiers-Lieux (252 k€ × 50 % de subvention)",
               2023, "", "tiers_lieux"),
    # --- Training --------------------------------------------------------------------------------------
    Assumption("counterfactual_employment_rate", "Taux d'emploi sans formation (contrefactuel)",
               "Employment rate without training (counterfactual)", 0.45, 0.33, 0.71, "part (0–1)",
               "Pôle emploi Stat #23.022 (45 % ; 33 % emploi durable) ; DARES ForCE (+9,2 pts causal → 0,71)", 2022,
               "déplace le taux sans formation du scénario de (valeur − 0,45)", "training"),
    Assumption("training_cost_scale", "Coût de la formation (facteur sur le coût du scénario)",
               "Training cost (factor on the scenario's cost)", 1.0, 0.23, 2.17, "facteur",
               "France compétences 2021 : 6 800 € POEC (1 549 € CPF – 14 763 € contrat pro)", 2021,
               "1 549 / 6 800 = 0,23 ; 14 763 / 6 800 = 2,17", "training"),
    Assumption("training_job_retention_per_year", "Maintien dans l'emploi d'une année sur l'autre",
               "Year-on-year job retention", 0.9, 0.8, 1.0, "part (0–1)",
               "estimation ; DARES ForCE : effet causal encore présent à 24 mois", 2023, "estimation", "training"),
    # --- Local jobs ------------------------------------------------------------------------------------
    Assumption("jobs_multiplier", "Multiplicateur de la base économique", "Economic-base jobs multiplier", 1.6, 1.45,
               1.63, "emplois totaux / emplois de base", "Masson (Lyon 2, 2000)", 2000,
               "appliqué aux seuls emplois de base nets", "jobs"),
    Assumption("national_presential_share", "Part des emplois présentiels (France)", "Presence-based share of jobs",
               0.65, 0.6, 0.7, "part (0–1)", "INSEE Première n°1538 (2015)", 2011,
               "repli quand la commune n'a pas de valeur", "jobs"),
    Assumption("workplace_spending_eur_per_day", "Dépenses du jour de travail près du lieu de travail",
               "Spending near the workplace per work day", 8.0, 5.0, 15.0, "€/jour",
               "estimation (déjeuner, petits achats)", 2024, "estimation", "jobs"),
    Assumption("spending_moved_share", "Part de ces dépenses reportée dans la commune de résidence",
               "Share of that spending moved to the home commune", 0.5, 0.3, 0.8, "part (0–1)",
               "estimation (le reste disparaît : repas pris à la maison)", 2024, "estimation", "jobs"),
    Assumption("turnover_per_presential_job_eur", "Chiffre d'affaires par emploi présentiel",
               "Turnover per presence-based job", 80_000, 60_000, 120_000, "€/ETP",
               "estimation (commerce de détail, restauration ; ordre de grandeur Insee Ésane)", 2022, "estimation", "jobs"),
    # --- Households ------------------------------------------------------------------------------------
    Assumption("fuel_cost_eur_per_km", "Coût d'un km en voiture pour le ménage", "Household cost per car-km", 0.14,
               0.09, 0.64, "€/km", "dérivé des prix 2024 (0,14 essence, 0,09 gazole) ; barème kilométrique 2024 (0,64)",
               2024, "", "households"),
)

ASSUMPTIONS: Mapping[str, Assumption] = MappingProxyType({a.key: a for a in _ROWS})


def central_values() -> dict[str, float]:
    """All assumptions at their central value."""
    return {key: float(a.value) for key, a in ASSUMPTIONS.items()}


def _fmt(x: float) -> str:
    text = f"{x:g}"
    return text.replace(".", ",")


def resolve(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Central values with ``overrides`` applied; each override must be a known key within [low, high].

    Raises ScenarioError (French message naming the field and the allowed range).
    """
    params = central_values()
    for key, value in (overrides or {}).items():
        found = ASSUMPTIONS.get(key)
        if found is None:
            raise ScenarioError(f"overrides.{key}", value, "une clé d'hypothèse connue (voir la page Hypothèses)")
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not found.low <= float(value) <= found.high:
            unit = f" {found.unit}" if found.unit else ""
            raise ScenarioError(f"overrides.{key}", value, f"entre {_fmt(found.low)} et {_fmt(found.high)}{unit}")
        params[key] = float(value)
    return params


def assumptions_frame() -> pd.DataFrame:
    """The table for display: one row per assumption, columns of :class:`Assumption` (French labels first)."""
    return pd.DataFrame([asdict(a) for a in ASSUMPTIONS.values()])


def assumptions_fingerprint() -> str:
    """A short hash of the default assumption values: figures precomputed with them (the build's
    reference totals) are valid only while it is unchanged."""
    return hashlib.sha256(json.dumps(sorted(resolve({}).items())).encode()).hexdigest()[:16]
