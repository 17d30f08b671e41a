"""Official INSEE files, when someone has put them in data/raw/insee/ (see fetch.py): find, read, normalise.

Formats (shared/data/raw/INSEE_FORMATS.md): ';'-separated UTF-8 CSV (optionally inside the INSEE zip),
point decimals, codes as strings. Column names carry the census vintage (P22_EMPLT, NBFLUX_C22_ACTOCC15P);
the loader strips it (P_EMPLT, NBFLUX) so the staging SQL does not depend on the year, and maps the older
PCS names (C21_EMPLT_CS1…6) to the GS names. When a file is absent an empty table with the same columns is
returned, so the build runs the same SQL either way.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd

PATTERNS: dict[str, re.Pattern[str]] = {
    "flux_mobilite": re.compile(r"^base-flux-mobilite-domicile-lieu-travail-(20\d\d)([-_]csv)?\.(csv|zip)$", re.I),
    "emploi_pop_active": re.compile(r"^base-cc-emploi-pop-active-(20\d\d)(_v\d)?([-_]csv)?\.(csv|zip)$", re.I),
    "caract_emp": re.compile(r"^base-cc-caract_emp-(20\d\d)([-_]csv)?\.(csv|zip)$", re.I),
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "flux_mobilite": ("CODGEO", "DCLT", "NBFLUX"),
    "emploi_pop_active": ("CODGEO", "P_EMPLT", "P_CHOM1564", *(f"C_EMPLT_GS{i}" for i in range(1, 7))),
    "caract_emp": ("CODGEO", "P_ACTOCC15P", "P_ACTOCC15P_ILT1", "P_ACTOCC15P_PASTRANS", "P_ACTOCC15P_MARCHE",
                   "P_ACTOCC15P_VELO", "P_ACTOCC15P_2ROUESMOT", "P_ACTOCC15P_VOITURE", "P_ACTOCC15P_COMMUN"),
}
_VINTAGE = re.compile(r"^([PC])(\d\d)_")


def find_official(insee_dir: Path) -> dict[str, tuple[int, Path]]:
    """The most recent official file of each kind in ``insee_dir``: kind → (year, path)."""
    found: dict[str, tuple[int, Path]] = {}
    if not insee_dir.is_dir():
        return found
    for path in sorted(insee_dir.iterdir()):
        for kind, pat in PATTERNS.items():
            m = pat.match(path.name)
            if m and (kind not in found or int(m.group(1)) > found[kind][0]):
                found[kind] = (int(m.group(1)), path)
    return found


def _csv_bytes(path: Path) -> bytes:
    if path.suffix.lower() != ".zip":
        return path.read_bytes()
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.lower().endswith(".csv"))
        return z.read(name)


def normalise_columns(columns: list[str]) -> list[str]:
    """P22_EMPLT → P_EMPLT; NBFLUX_C22_ACTOCC15P → NBFLUX; C21_EMPLT_CS3 → C_EMPLT_GS3."""
    out = []
    for col in columns:
        name = col.strip().strip('"')
        if name.startswith("NBFLUX_C"):
            out.append("NBFLUX")
            continue
        name = _VINTAGE.sub(r"\1_", name)
        out.append(re.sub(r"^C_EMPLT_CS(\d)$", r"C_EMPLT_GS\1", name))
    return out


def read_official(kind: str, path: Path) -> pd.DataFrame:
    """One official file as a DataFrame with the kind's normalised COLUMNS (strings; SQL casts)."""
    df = pd.read_csv(io.BytesIO(_csv_bytes(path)), sep=";", dtype=str, encoding="utf-8", keep_default_na=False)
    df.columns = normalise_columns(list(df.columns))
    missing = [c for c in COLUMNS[kind] if c not in df.columns]
    if missing:
        raise ValueError(f"Fichier INSEE {path.name} : colonnes absentes {missing}")
    out = df[list(COLUMNS[kind])].copy()
    for col in ("CODGEO", "DCLT"):
        if col in out:
            out[col] = out[col].str.strip().str.strip('"')
    return out


def official_tables(raw_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """``raw_insee_<kind>`` tables (empty when absent) and the vintages found."""
    found = find_official(raw_dir / "insee")
    tables = {}
    for kind, cols in COLUMNS.items():
        if kind in found:
            tables[f"raw_insee_{kind}"] = read_official(kind, found[kind][1])
        else:
            tables[f"raw_insee_{kind}"] = pd.DataFrame({c: pd.Series([], dtype="str") for c in cols})
    return tables, {k: v[0] for k, v in found.items()}
