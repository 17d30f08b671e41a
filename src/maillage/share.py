"""Scenarios that travel: a compact link codec (URL query parameters) and scenario files.

Link format, schema version 1 (every value is plain text; the browser percent-encodes it)::

    v=1                                   schema version
    t=epci:200000172                      territory, level:code (dep/reg/ti abbreviations accepted)
    h=2030                                horizon year
    tw=30,2,0                             telework: adoption %, days/week, minimum one-way km
    tl=10,2,15;01173:20:2026|01160:12:2027
                                          tiers-lieux: catchment km, days/week, minimum commute km;
                                          then sites commune:seats:opening year, separated by '|'
    tr=200,3,0.85,0.8,0.45,0.4,0.2,0.4,6800,2025
                                          training: people/year, years, completion, employment rate
                                          trained, baseline rate, shares local/remote/commuting,
                                          cost per trainee €, start year
    o=key:value,key:value                 assumption overrides (keys percent-encoded; each must be a known
                                          assumption within its [low, high] range)
    n=Nom du scénario                     scenario name

Levers at their defaults, no overrides and an empty name are left out of the link: a missing part means
"as in the baseline" (the default lever, i.e. not used). Numbers are written in their shortest exact
decimal form (Python's ``repr``), so the codec is lossless: link → scenario → link is the identity.

Reading a link never raises. Each part is validated on its own (syntax, then the Scenario constructors and
their ScenarioError messages); a bad part falls back to the ``base`` scenario's value for that part only,
and a French message says what was wrong and what was kept. Values echoed in messages are filtered to
letters, digits and a few signs, so a tampered link cannot inject markup into the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from maillage.model.assumptions import ASSUMPTIONS, resolve
from maillage.model.scenario import (
    LEVEL_ALIASES,
    LEVELS,
    MAX_CODE_LENGTH,
    MAX_NAME_LENGTH,
    MAX_SITES,
    SCHEMA_VERSION,
    Scenario,
    ScenarioError,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)

MAX_PARAM_CHARS = 2_000
# The sites list needs more room: MAX_SITES sites of 'code:seats:year|' (12 + 1 + 3 + 1 + 4 + 1 characters).
MAX_SITES_PARAM_CHARS = 100 + MAX_SITES * 22
MAX_OVERRIDES = 50
MAX_OVERRIDE_KEY_CHARS = 64
MAX_FILE_BYTES = 64_000
MAX_SHOWN_CHARS = 40
EXTRA_PARAMS: frozenset[str] = frozenset({"p"})  # presenter mode: read by the UI, not part of a scenario
KNOWN_PARAMS: tuple[str, ...] = ("v", "t", "h", "tw", "tl", "tr", "o", "n")
FALLBACK_TERRITORY = TerritoryRef("france", "FR")

_SHORT_LEVELS = {level: alias for alias, level in LEVEL_ALIASES.items()}
_NUMBER = re.compile(r"-?\d{1,20}(\.\d{1,20})?([eE][-+]?\d{1,3})?")
_INTEGER = re.compile(r"-?\d{1,12}")
_CODE = re.compile(rf"[A-Za-z0-9]{{1,{MAX_CODE_LENGTH}}}")
_KEY_CHARS = re.compile(r"[A-Za-z0-9._%~-]+")
_TW_FIELDS = ("adoption_pct", "days_per_week", "min_distance_km")
_TL_FIELDS = ("catchment_km", "days_per_week", "min_commute_km")
_TR_FIELDS = (
    "people_per_year", "years", "completion_rate", "employment_rate_trained", "employment_rate_baseline",
    "share_local", "share_remote", "share_commuting", "cost_per_trainee_eur", "start_year",
)
_TR_INTEGERS = frozenset({"people_per_year", "years", "start_year"})
_PART_LABELS = {
    "t": "le territoire", "h": "l'horizon", "tw": "le télétravail", "tl": "les tiers-lieux",
    "tr": "la formation", "o": "les hypothèses modifiées", "n": "le nom", "v": "la version",
}

T = TypeVar("T")


class _BadPart(Exception):
    """A part of the link that cannot be read; ``reason`` is French."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- Writing -------------------------------------------------------------------------------------------


def _num(x: float) -> str:
    """Shortest exact decimal form: 2.0 → '2', 0.85 → '0.85', 1e-07 → '1e-07'."""
    value = float(x)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _territory_text(ref: TerritoryRef) -> str:
    """'epci:200000172'; abbreviated level (dep, reg, ti) when reading it back gives the same territory."""
    short = _SHORT_LEVELS.get(ref.level, ref.level)
    text = f"{short}:{ref.code}"
    try:
        if TerritoryRef.parse(text) == ref:
            return text
    except ScenarioError:
        pass
    return str(ref)


def scenario_to_params(s: Scenario) -> dict[str, str]:
    """The scenario as compact URL query parameters (see the module docstring for the format)."""
    params = {"v": str(s.schema_version), "t": _territory_text(s.territory), "h": str(s.horizon_year)}
    if s.telework != TeleworkLever():
        params["tw"] = ",".join(_num(getattr(s.telework, f)) for f in _TW_FIELDS)
    tl = s.tiers_lieux
    if tl != TiersLieuxLever():
        settings = ",".join(_num(getattr(tl, f)) for f in _TL_FIELDS)
        sites = "|".join(f"{x.commune_code}:{x.seats}:{x.opening_year}" for x in tl.sites)
        params["tl"] = f"{settings};{sites}" if sites else settings
    if s.training != TrainingLever():
        params["tr"] = ",".join(_num(getattr(s.training, f)) for f in _TR_FIELDS)
    if s.overrides:
        params["o"] = ",".join(f"{quote(k, safe='._~-')}:{_num(v)}" for k, v in s.overrides)
    if s.name:
        params["n"] = s.name
    return params


# --- Reading -------------------------------------------------------------------------------------------


def shown(text: object) -> str:
    """A value from outside, safe to put in a message: letters, digits and ' .,:;+-_/' only, truncated."""
    raw = str(text)
    safe = "".join(ch if ch.isalnum() or ch in " .,:;+-_/" else "·" for ch in raw[:MAX_SHOWN_CHARS])
    return safe + ("…" if len(raw) > MAX_SHOWN_CHARS else "")


def _single(key: str, value: str | list[str] | object, messages: list[str]) -> str | None:
    """One text value per parameter: the last one if repeated; None (with a message) if unusable."""
    label = _PART_LABELS.get(key, key)
    if isinstance(value, list | tuple):
        values = [v for v in value if isinstance(v, str)]
        if not values:
            messages.append(f"Paramètre « {key} » ({label}) vide : ignoré.")
            return None
        if len(set(values)) > 1:
            messages.append(f"Paramètre « {key} » ({label}) répété : seule la dernière valeur est lue.")
        value = values[-1]
    if not isinstance(value, str):
        messages.append(f"Paramètre « {key} » ({label}) illisible : ignoré.")
        return None
    limit = MAX_SITES_PARAM_CHARS if key == "tl" else MAX_PARAM_CHARS
    if len(value) > limit:
        messages.append(f"Paramètre « {key} » ({label}) trop long ({len(value)} caractères, au plus {limit}) : ignoré.")
        return None
    return value


def _parse_number(text: str, *, integer: bool = False) -> float | int:
    cleaned = text.strip()
    if integer and _INTEGER.fullmatch(cleaned):
        return int(cleaned)
    if not integer and _NUMBER.fullmatch(cleaned):
        return float(cleaned)
    raise _BadPart(f"« {shown(text)} » n'est pas {'un entier' if integer else 'un nombre'}")


def _numbers(text: str, fields: tuple[str, ...], integers: frozenset[str] = frozenset()) -> dict[str, Any]:
    parts = text.split(",")
    if len(parts) != len(fields):
        raise _BadPart(f"{len(fields)} valeurs attendues séparées par des virgules, {len(parts)} reçues")
    return {f: _parse_number(p, integer=f in integers) for f, p in zip(fields, parts, strict=True)}


def _parse_territory(text: str) -> TerritoryRef:
    level, sep, code = text.partition(":")
    level = level.strip().lower()
    if not sep or LEVEL_ALIASES.get(level, level) not in LEVELS:
        raise _BadPart(f"« {shown(text)} » n'est pas de la forme niveau:code ({', '.join(LEVELS)})")
    if not _CODE.fullmatch(code.strip().replace("-", "") if level == "ti" else code.strip()):
        raise _BadPart(f"code « {shown(code)} » invalide (lettres et chiffres, au plus {MAX_CODE_LENGTH})")
    return TerritoryRef.parse(text)


def _parse_site(text: str) -> TiersLieuSite:
    fields = text.split(":")
    if len(fields) != 3 or not _CODE.fullmatch(fields[0]):
        raise _BadPart(f"site « {shown(text)} » illisible (attendu commune:places:année)")
    seats, year = (_parse_number(f, integer=True) for f in fields[1:])
    return TiersLieuSite(commune_code=fields[0], seats=int(seats), opening_year=int(year))


def _parse_sites(text: str, messages: list[str]) -> tuple[TiersLieuSite, ...]:
    """Every readable site; unreadable ones are dropped one by one, each with a message."""
    raw = [p for p in text.split("|") if p.strip()]
    if len(raw) > MAX_SITES:
        messages.append(f"Tiers-lieux : {len(raw)} sites dans le lien, seuls les {MAX_SITES} premiers sont gardés.")
        raw = raw[:MAX_SITES]
    sites: list[TiersLieuSite] = []
    for item in raw:
        try:
            sites.append(_parse_site(item.strip()))
        except (_BadPart, ScenarioError) as exc:
            messages.append(f"Tiers-lieux : {_reason(exc)} ; ce site est retiré, les autres sont gardés.")
    return tuple(sites)


def _parse_tiers_lieux(text: str, base: TiersLieuxLever, messages: list[str]) -> TiersLieuxLever:
    settings_text, _, sites_text = text.partition(";")
    sites = _parse_sites(sites_text, messages)
    try:
        settings = _numbers(settings_text, _TL_FIELDS)
        return TiersLieuxLever(sites=sites, **settings)
    except (_BadPart, ScenarioError) as exc:
        messages.append(
            f"Tiers-lieux : réglages illisibles ({_reason(exc)}) ; réglages de la situation de départ gardés, "
            f"{len(sites)} site(s) du lien gardé(s)."
        )
        return replace(base, sites=sites)


def _parse_overrides(text: str, messages: list[str]) -> tuple[tuple[str, float], ...]:
    items = [p for p in text.split(",") if p.strip()]
    if len(items) > MAX_OVERRIDES:
        messages.append(f"Hypothèses : {len(items)} modifications, seules les {MAX_OVERRIDES} premières sont lues.")
        items = items[:MAX_OVERRIDES]
    kept: dict[str, float] = {}
    for item in items:
        key, sep, value = item.partition(":")
        try:
            if not sep or not _KEY_CHARS.fullmatch(key):
                raise _BadPart(f"« {shown(item)} » n'est pas de la forme clé:valeur")
            name = unquote(key, errors="strict")
            if len(name) > MAX_OVERRIDE_KEY_CHARS:
                raise _BadPart(f"clé « {shown(name)} » trop longue (au plus {MAX_OVERRIDE_KEY_CHARS} caractères)")
            number = float(_parse_number(value))
            _check_override(name, number)
            kept[name] = number
        except (_BadPart, UnicodeDecodeError) as exc:
            messages.append(f"Hypothèses : {_reason(exc)} ; cette modification est ignorée.")
    return tuple(kept.items())


def _check_override(key: str, value: float) -> None:
    """A known assumption key, and a value within its published [low, high] range."""
    found = ASSUMPTIONS.get(key)
    if found is None:
        raise _BadPart(f"« {shown(key)} » n'est pas une hypothèse connue")
    try:
        resolve({key: value})
    except ScenarioError as exc:
        raise _BadPart(f"« {shown(key)} » : {_fmt_plain(value)} refusé, permis entre "
                       f"{_fmt_plain(found.low)} et {_fmt_plain(found.high)} {found.unit}".rstrip()) from exc


def _fmt_plain(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _reason(exc: Exception) -> str:
    if isinstance(exc, _BadPart):
        return exc.reason
    if isinstance(exc, ScenarioError):
        return exc.message
    return "valeur illisible (encodage)"


def _part(
    key: str, raw: str | None, parse: Callable[[str], T], fallback: T, messages: list[str], absent: T
) -> T:
    """Parse one part of the link; on failure keep ``fallback`` and say so in French."""
    if raw is None:
        return absent
    try:
        return parse(raw)
    except (_BadPart, ScenarioError) as exc:
        messages.append(f"Lien : {_PART_LABELS[key]} est illisible ({_reason(exc)}) ; valeur de départ gardée.")
        return fallback


def _read_version(raw: str | None, messages: list[str]) -> bool:
    """True when the link's schema version is one this code reads."""
    if raw is None or raw.strip() == str(SCHEMA_VERSION):
        return True
    messages.append(
        f"Lien d'une version de Maillage inconnue (version « {shown(raw)} », version lue : {SCHEMA_VERSION}) : "
        "le scénario n'a pas pu être relu, retour à la situation de départ."
    )
    return False


def _unknown_params(keys: list[str], messages: list[str]) -> None:
    unknown = [k for k in keys if k not in KNOWN_PARAMS and k not in EXTRA_PARAMS]
    if unknown:
        names = ", ".join(f"« {shown(k)} »" for k in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        messages.append(f"Paramètres inconnus ignorés dans le lien : {names}.")


def params_to_scenario(
    params: Mapping[str, str | list[str]], *, base: Scenario | None = None
) -> tuple[Scenario, list[str]]:
    """The scenario a link describes, and French messages on what was wrong and what was kept.

    Never raises. ``base`` gives the fallback for each unreadable part (default: a scenario at national
    level with every lever off). A missing part takes the default (lever off), as written by
    :func:`scenario_to_params`. An unknown schema version returns ``base`` whole.
    """
    messages: list[str] = []
    fallback = base if isinstance(base, Scenario) else Scenario(territory=FALLBACK_TERRITORY)
    if not isinstance(params, Mapping):
        return fallback, ["Lien illisible : retour à la situation de départ."]
    keys = [k for k in params.keys() if isinstance(k, str)]
    values = {k: _single(k, params[k], messages) for k in keys if k in KNOWN_PARAMS}
    _unknown_params(keys, messages)
    if not _read_version(values.get("v"), messages):
        return fallback, messages
    territory = _part("t", values.get("t"), _parse_territory, fallback.territory, messages, fallback.territory)
    horizon = _part("h", values.get("h"), lambda x: _year(x), fallback.horizon_year, messages, 2030)
    telework = _part(
        "tw", values.get("tw"), lambda x: TeleworkLever(**_numbers(x, _TW_FIELDS)), fallback.telework, messages,
        TeleworkLever(),
    )
    tl_raw = values.get("tl")
    tiers_lieux = TiersLieuxLever() if tl_raw is None else _parse_tiers_lieux(tl_raw, fallback.tiers_lieux, messages)
    training = _part(
        "tr", values.get("tr"), lambda x: TrainingLever(**_numbers(x, _TR_FIELDS, _TR_INTEGERS)),
        fallback.training, messages, TrainingLever(),
    )
    t_raw = values.get("t")
    if t_raw is not None and territory == fallback.territory != _try_territory(t_raw):
        if tiers_lieux.sites:
            messages.append("Tiers-lieux : les sites du lien sont retirés, leur territoire n'a pas pu être lu.")
        tiers_lieux = replace(tiers_lieux, sites=fallback.tiers_lieux.sites)
    o_raw = values.get("o")
    overrides = () if o_raw is None else _parse_overrides(o_raw, messages)
    name = _part("n", values.get("n"), _name, fallback.name, messages, "")
    scenario = Scenario(
        territory=territory, horizon_year=horizon, telework=telework, tiers_lieux=tiers_lieux,
        training=training, overrides=overrides, name=name,
    )
    return scenario, messages


def _try_territory(text: str) -> TerritoryRef | None:
    try:
        return _parse_territory(text)
    except (_BadPart, ScenarioError):
        return None


def _year(text: str) -> int:
    year = int(_parse_number(text, integer=True))
    Scenario(territory=FALLBACK_TERRITORY, horizon_year=year)  # raises ScenarioError out of range
    return year


def _name(text: str) -> str:
    if len(text) > MAX_NAME_LENGTH:
        raise _BadPart(f"{len(text)} caractères, au plus {MAX_NAME_LENGTH}")
    if not all(ch.isprintable() for ch in text):
        raise _BadPart("caractères de contrôle refusés")
    return text


# --- Files ---------------------------------------------------------------------------------------------


def scenario_to_file(s: Scenario) -> bytes:
    """The scenario as a UTF-8 JSON file (indented, stable key order) for download."""
    return json.dumps(s.to_dict(), ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")


def scenario_file_to_scenario(
    data: bytes, max_bytes: int = MAX_FILE_BYTES, default_territory: TerritoryRef | None = None
) -> Scenario:
    """Read an uploaded scenario file; raises ScenarioError with a French message on any problem.

    A file without a ``territory`` takes ``default_territory`` when one is given (the CLI's
    ``--territory``); otherwise the territory is required.

    Checks in order: size (at most ``max_bytes``), encoding (UTF-8, with or without BOM), JSON syntax,
    then the schema through :meth:`Scenario.from_dict` (unknown fields refused, values in range).
    """
    if not isinstance(data, bytes | bytearray):
        raise ScenarioError("(fichier)", type(data).__name__, "le contenu d'un fichier")
    if len(data) > max_bytes:
        raise ScenarioError("(fichier)", f"{len(data)} octets", f"un fichier d'au plus {max_bytes} octets")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError("(fichier)", "encodage illisible", "un fichier texte encodé en UTF-8") from exc
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ScenarioError("(fichier)", "JSON illisible", "un fichier JSON valide (scénario Maillage)") from exc
    if default_territory is not None and isinstance(parsed, dict) and "territory" not in parsed:
        parsed = {**parsed, "territory": {"level": default_territory.level, "code": default_territory.code}}
    try:
        scenario = Scenario.from_dict(parsed)
    except ScenarioError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise ScenarioError("(structure)", type(exc).__name__, "le format de scénario Maillage") from exc
    resolve(scenario.overrides_dict)  # unknown assumption keys and out-of-range values: ScenarioError
    return scenario
