"""Frozen, validated scenario objects.

A scenario is what a council chooses: a territory, a horizon year and three levers (telework, tiers-lieux,
training cohorts), plus optional overrides of assumptions within their published ranges. It is built once,
validated when built, and serialised to JSON (files, links) with a schema version.

Every validation error is a :class:`ScenarioError` naming the field, the value received and what is allowed,
in French (the people who read it are workshop participants), so the UI and the CLI can show it as it is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

SCHEMA_VERSION = 1

LEVELS: tuple[str, ...] = ("commune", "epci", "departement", "region", "territoire_industrie", "france")
LEVEL_ALIASES: dict[str, str] = {"ti": "territoire_industrie", "dep": "departement", "reg": "region"}
LEVEL_LABELS_FR: dict[str, str] = {
    "commune": "Commune",
    "epci": "Intercommunalité (EPCI)",
    "departement": "Département",
    "region": "Région",
    "territoire_industrie": "Territoire d'industrie",
    "france": "France",
}

# Calendar bounds for a horizon: the baseline data are RP2022; planning beyond 2050 is not meaningful here.
BASE_YEAR = 2025
MAX_HORIZON_YEAR = 2050
MAX_SITES = 200
MAX_SEATS_PER_SITE = 500
MAX_TRAINEES_PER_YEAR = 100_000
MAX_TRAINING_YEARS = 25
MAX_CATCHMENT_KM = 60.0
MAX_NAME_LENGTH = 80
MAX_CODE_LENGTH = 12


class ScenarioError(ValueError):
    """A scenario field is invalid. ``field`` is a dotted path, ``message`` is French, for people."""

    def __init__(self, field_path: str, value: object, allowed: str) -> None:
        self.field = field_path
        self.value = value
        self.allowed = allowed
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        super().__init__(f"Champ « {field_path} » : valeur {shown} refusée. Valeurs permises : {allowed}.")

    @property
    def message(self) -> str:
        return str(self)


def _number(path: str, value: object, low: float, high: float, *, integer: bool = False) -> float:
    allowed = f"{'un entier' if integer else 'un nombre'} entre {_fmt(low)} et {_fmt(high)}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(path, value, allowed)
    as_float = float(value)
    if not math.isfinite(as_float) or as_float < low or as_float > high:
        raise ScenarioError(path, value, allowed)
    if integer and as_float != int(as_float):
        raise ScenarioError(path, value, allowed)
    return as_float


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _code(path: str, value: object) -> str:
    allowed = f"un code INSEE/SIREN en chiffres, lettres ou tirets (au plus {MAX_CODE_LENGTH} caractères)"
    if (not isinstance(value, str) or not (1 <= len(value) <= MAX_CODE_LENGTH)
            or not value.replace("-", "").isalnum() or not value.isascii()):
        raise ScenarioError(path, value, allowed)
    return value


@dataclass(frozen=True)
class TerritoryRef:
    """A territory to study: a level (commune, epci, ...) and the code of one entity at that level."""

    level: str
    code: str

    def __post_init__(self) -> None:
        level = LEVEL_ALIASES.get(self.level, self.level)
        if level not in LEVELS:
            raise ScenarioError("territory.level", self.level, ", ".join(LEVELS))
        object.__setattr__(self, "level", level)
        _code("territory.code", self.code)

    @classmethod
    def parse(cls, text: str) -> TerritoryRef:
        """Parse ``<level>:<code>`` (e.g. ``epci:200000172``, ``ti:ti-2401``, ``france:FR``)."""
        if not isinstance(text, str) or ":" not in text:
            raise ScenarioError("territory", text, "« niveau:code », par exemple epci:200000172 ou france:FR")
        level, code = text.split(":", 1)
        return cls(level.strip().lower(), code.strip())

    def __str__(self) -> str:
        return f"{self.level}:{self.code}"


@dataclass(frozen=True)
class TeleworkLever:
    """Telework among teleworkable workers.

    adoption_pct: share (0–100 %) of teleworkable workers who adopt the scenario's telework pattern;
    days_per_week: telework days a week for adopters (0–5);
    min_distance_km: the lever applies only to commutes at least this long one way (0 = all).
    """

    adoption_pct: float = 0.0
    days_per_week: float = 2.0  # the usual rhythm among teleworkers (evidence.md: 2, range 1–2.4)
    min_distance_km: float = 0.0

    def __post_init__(self) -> None:
        _number("telework.adoption_pct", self.adoption_pct, 0, 100)
        _number("telework.days_per_week", self.days_per_week, 0, 5)
        _number("telework.min_distance_km", self.min_distance_km, 0, 200)

    @property
    def active(self) -> bool:
        return self.adoption_pct > 0 and self.days_per_week > 0


@dataclass(frozen=True)
class TiersLieuSite:
    """One tiers-lieu: the commune where it opens, its seats and its opening year."""

    commune_code: str
    seats: int = 20
    opening_year: int = BASE_YEAR

    def __post_init__(self) -> None:
        _code("tiers_lieux.sites[].commune_code", self.commune_code)
        _number("tiers_lieux.sites[].seats", self.seats, 1, MAX_SEATS_PER_SITE, integer=True)
        _number("tiers_lieux.sites[].opening_year", self.opening_year, BASE_YEAR, MAX_HORIZON_YEAR, integer=True)
        object.__setattr__(self, "seats", int(self.seats))
        object.__setattr__(self, "opening_year", int(self.opening_year))


@dataclass(frozen=True)
class TiersLieuxLever:
    """Tiers-lieux opened near homes.

    catchment_km: users live within this road distance of the site;
    days_per_week: days a week a user works there instead of the usual workplace (1–5);
    min_commute_km: only commuters whose one-way commute is at least this long are candidate users.
    """

    sites: tuple[TiersLieuSite, ...] = ()
    catchment_km: float = 10.0
    days_per_week: float = 2.0
    min_commute_km: float = 15.0

    def __post_init__(self) -> None:
        if not isinstance(self.sites, tuple):
            object.__setattr__(self, "sites", tuple(self.sites))
        if len(self.sites) > MAX_SITES:
            raise ScenarioError("tiers_lieux.sites", f"{len(self.sites)} sites", f"au plus {MAX_SITES} sites")
        for site in self.sites:
            if not isinstance(site, TiersLieuSite):
                raise ScenarioError("tiers_lieux.sites[]", site, "un site {commune_code, seats, opening_year}")
        _number("tiers_lieux.catchment_km", self.catchment_km, 1, MAX_CATCHMENT_KM)
        _number("tiers_lieux.days_per_week", self.days_per_week, 0.5, 5)
        _number("tiers_lieux.min_commute_km", self.min_commute_km, 0, 200)

    @property
    def active(self) -> bool:
        return len(self.sites) > 0


@dataclass(frozen=True)
class TrainingLever:
    """Digital-skills training cohorts for job-seekers (e.g. Numéric'Emploi, Grand Est).

    The net effect is the gap between the employment rate with training and without it (counterfactual).
    share_local / share_remote / share_commuting split the resulting jobs: held in the home commune,
    held remotely (telework from home), or reached by commuting (which adds CO2 and time). They sum to 1.
    """

    people_per_year: int = 0
    years: int = 3
    completion_rate: float = 0.85
    employment_rate_trained: float = 0.80
    employment_rate_baseline: float = 0.45
    share_local: float = 0.4
    share_remote: float = 0.2
    share_commuting: float = 0.4
    cost_per_trainee_eur: float = 6800.0
    start_year: int = BASE_YEAR

    def __post_init__(self) -> None:
        p = "training."
        _number(p + "people_per_year", self.people_per_year, 0, MAX_TRAINEES_PER_YEAR, integer=True)
        object.__setattr__(self, "people_per_year", int(self.people_per_year))
        _number(p + "years", self.years, 1, MAX_TRAINING_YEARS, integer=True)
        object.__setattr__(self, "years", int(self.years))
        _number(p + "completion_rate", self.completion_rate, 0, 1)
        _number(p + "employment_rate_trained", self.employment_rate_trained, 0, 1)
        _number(p + "employment_rate_baseline", self.employment_rate_baseline, 0, 1)
        for name in ("share_local", "share_remote", "share_commuting"):
            _number(p + name, getattr(self, name), 0, 1)
        total = self.share_local + self.share_remote + self.share_commuting
        if abs(total - 1) > 1e-6:
            raise ScenarioError(p + "share_local+share_remote+share_commuting", round(total, 4), "une somme égale à 1")
        _number(p + "cost_per_trainee_eur", self.cost_per_trainee_eur, 0, 50_000)
        _number(p + "start_year", self.start_year, BASE_YEAR, MAX_HORIZON_YEAR, integer=True)
        object.__setattr__(self, "start_year", int(self.start_year))

    @property
    def active(self) -> bool:
        return self.people_per_year > 0

    @property
    def net_employment_gain(self) -> float:
        """Net effect per trainee who completes: trained rate − counterfactual rate (never below 0)."""
        return max(0.0, self.employment_rate_trained - self.employment_rate_baseline)


@dataclass(frozen=True)
class Scenario:
    """A whole scenario. ``overrides`` holds (assumption key, value) pairs, sorted by key."""

    territory: TerritoryRef
    horizon_year: int = 2030
    telework: TeleworkLever = field(default_factory=TeleworkLever)
    tiers_lieux: TiersLieuxLever = field(default_factory=TiersLieuxLever)
    training: TrainingLever = field(default_factory=TrainingLever)
    overrides: tuple[tuple[str, float], ...] = ()
    name: str = ""
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if not isinstance(self.territory, TerritoryRef):
            raise ScenarioError("territory", self.territory, "un territoire {level, code}")
        _number("horizon_year", self.horizon_year, BASE_YEAR, MAX_HORIZON_YEAR, integer=True)
        object.__setattr__(self, "horizon_year", int(self.horizon_year))
        if self.schema_version != SCHEMA_VERSION:
            raise ScenarioError("schema_version", self.schema_version, f"{SCHEMA_VERSION}")
        if not isinstance(self.name, str) or len(self.name) > MAX_NAME_LENGTH:
            raise ScenarioError("name", self.name, f"un texte d'au plus {MAX_NAME_LENGTH} caractères")
        overrides = self.overrides.items() if isinstance(self.overrides, Mapping) else self.overrides
        cleaned: dict[str, float] = {}
        for item in overrides:
            if not (isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str)):
                raise ScenarioError("overrides", item, "des paires (clé d'hypothèse, valeur)")
            cleaned[item[0]] = _number(f"overrides.{item[0]}", item[1], -1e12, 1e12)
        object.__setattr__(self, "overrides", tuple(sorted(cleaned.items())))

    @property
    def overrides_dict(self) -> dict[str, float]:
        return dict(self.overrides)

    def with_changes(self, **changes: Any) -> Scenario:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["territory"] = {"level": self.territory.level, "code": self.territory.code}
        data["tiers_lieux"]["sites"] = [asdict(s) for s in self.tiers_lieux.sites]
        data["overrides"] = dict(self.overrides)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: object) -> Scenario:
        """Build from a plain dict (parsed JSON). Unknown keys are refused, missing ones take defaults."""
        if not isinstance(data, dict):
            raise ScenarioError("(racine)", type(data).__name__, "un objet JSON")
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise ScenarioError("schema_version", version, f"{SCHEMA_VERSION} (version actuelle)")
        _only_keys("(racine)", data, {f for f in cls.__dataclass_fields__})
        terr = data.get("territory")
        if not isinstance(terr, dict):
            raise ScenarioError("territory", terr, "un objet {level, code}")
        _only_keys("territory", terr, {"level", "code"})
        tl = _sub(data, "tiers_lieux", TiersLieuxLever)
        sites_raw = tl.pop("sites", [])
        if not isinstance(sites_raw, list):
            raise ScenarioError("tiers_lieux.sites", sites_raw, "une liste de sites")
        sites = []
        for s in sites_raw:
            if not isinstance(s, dict):
                raise ScenarioError("tiers_lieux.sites[]", s, "un objet {commune_code, seats, opening_year}")
            _only_keys("tiers_lieux.sites[]", s, set(TiersLieuSite.__dataclass_fields__))
            sites.append(TiersLieuSite(**s))
        overrides = data.get("overrides", {})
        if not isinstance(overrides, dict):
            raise ScenarioError("overrides", overrides, "un objet {clé: valeur}")
        try:
            return cls(
                territory=TerritoryRef(terr.get("level"), terr.get("code")),  # type: ignore[arg-type]
                horizon_year=data.get("horizon_year", 2030),
                telework=TeleworkLever(**_sub(data, "telework", TeleworkLever)),
                tiers_lieux=TiersLieuxLever(sites=tuple(sites), **tl),
                training=TrainingLever(**_sub(data, "training", TrainingLever)),
                overrides=tuple(overrides.items()),
                name=data.get("name", ""),
            )
        except TypeError as exc:  # a wrong type slipped past the key checks
            raise ScenarioError("(structure)", str(exc), "le format de scénario Maillage") from exc

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ScenarioError("(fichier)", "JSON illisible", "un fichier JSON valide") from exc
        return cls.from_dict(data)


def _sub(data: dict[str, Any], key: str, kind: type) -> dict[str, Any]:
    sub = data.get(key, {})
    if not isinstance(sub, dict):
        raise ScenarioError(key, sub, "un objet")
    _only_keys(key, sub, set(getattr(kind, "__dataclass_fields__")))  # noqa: B009 (typed as plain type)
    return dict(sub)


def _only_keys(path: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(k for k in data if k not in allowed)
    if unknown:
        raise ScenarioError(f"{path}.{unknown[0]}", "champ inconnu", ", ".join(sorted(allowed)))
