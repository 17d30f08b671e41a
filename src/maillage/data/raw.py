"""Read the committed raw files (xz JSON, GeoJSON, CSV, Parquet) into DataFrames, unchanged in meaning.

DuckDB cannot read xz, so every raw file is decoded here and handed to the build as a registered table
``raw_<name>``; the SQL staging files (queries/build/stg_*.sql) then rename and cast. No business logic here.
"""

from __future__ import annotations

import io
import json
import lzma
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

# Relative paths inside data/raw/ (listed with their provenance in data/raw/sources.toml).
FILES: dict[str, str] = {
    "cog_communes": "admin/decoupage_administratif_6.0.0_communes.json.xz",
    "cog_epci": "admin/decoupage_administratif_6.0.0_epci.json.xz",
    "cog_departements": "admin/decoupage_administratif_6.0.0_departements.json.xz",
    "cog_regions": "admin/decoupage_administratif_6.0.0_regions.json.xz",
    "geo2023_communes": "insee_typologies/geo2023_communes_attr.csv.xz",
    "ot_densite": "insee_typologies/ot_grille_densite.csv.xz",
    "ot_centralite": "insee_typologies/ot_grille_centralite.csv.xz",
    "commune_polygons": "geo/gregoiredavid_communes_2018_metro_dom.geojson.xz",
    "departement_polygons": "geo/gregoiredavid_departements_avec_outre_mer_2018.geojson.xz",
    "region_polygons": "geo/gregoiredavid_regions_simplifie_2018.geojson.xz",
    "fabriques": "anct/fabriques_de_territoire_2024.geojson.xz",
    "manufactures": "anct/manufactures_de_proximite_2024.geojson.xz",
    "france_services": "anct/france_services_20240801.csv.xz",
    "ti_communes": "anct/territoires_industrie_2023_communes.geojson.xz",
    "base_carbone": "ademe/base_carbone_v22_transport_de_personnes_utf8.csv.xz",
    "dep_flows": "calibration/dep_to_dep_commute_flows_2016_codes.csv.xz",
    "idf_flows": "flows_extracts/cartograflow_tab_IDF_mobpro_C14.csv.xz",
    "ddt95_profiles": "flows_extracts/ddt95_commune_profiles.json.xz",
    "parts_modales": "insee_emploi/parts_modales_rp2022_communes.tsv.xz",
    "ptod_communes": "insee_emploi/ptod_agg_commARM_5Khab.parquet.xz",
    "ptod_epci": "insee_emploi/ptod_agg_epci_exdeco.json.xz",
    "ptod_dep": "insee_emploi/ptod_agg_dep.json.xz",
    "restored_communes": "admin/communes_retablies_2026.csv",
}


def read_bytes(path: Path) -> bytes:
    """The file's content, xz-decoded when the name ends in .xz."""
    data = path.read_bytes()
    return lzma.decompress(data) if path.suffix == ".xz" else data


def read_json(path: Path) -> Any:
    return json.loads(read_bytes(path))


def _csv(path: Path, **kw: Any) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(read_bytes(path)), dtype=str, keep_default_na=False, na_values=[""], **kw)


def cog_communes(path: Path) -> pd.DataFrame:
    """One row per COG record: code, name, type, zone, dep, reg, parent commune, population, former codes."""
    rows = [
        {
            "code": r["code"], "nom": r["nom"], "type": r["type"], "zone": r.get("zone"),
            "departement": r.get("departement"), "region": r.get("region"), "commune": r.get("commune"),
            "population": r.get("population"), "anciens_codes": ",".join(r.get("anciensCodes", [])),
        }
        for r in read_json(path)
    ]
    return pd.DataFrame(rows).astype({"population": "Float64"})


def cog_epci(path: Path) -> pd.DataFrame:
    """One row per (EPCI, member commune)."""
    rows = [
        {"epci_code": e["code"], "epci_name": e["nom"], "epci_type": e["type"], "commune_code": m["code"]}
        for e in read_json(path) for m in e["membres"]
    ]
    return pd.DataFrame(rows)


def records(path: Path) -> pd.DataFrame:
    """A JSON array of flat objects as a DataFrame (numbers kept, codes as strings)."""
    return pd.DataFrame(read_json(path))


def geojson_points(path: Path) -> pd.DataFrame:
    """Point features: properties plus lon/lat (None for an empty geometry, e.g. a site in Saint-Martin)."""
    rows = []
    for f in read_json(path)["features"]:
        coords = (f.get("geometry") or {}).get("coordinates") or [None, None]
        lon, lat = (float(coords[0]), float(coords[1])) if coords[0] is not None else (None, None)
        rows.append({**f["properties"], "lon": lon, "lat": lat})
    return pd.DataFrame(rows)


def geojson_properties(path: Path) -> pd.DataFrame:
    """Properties of every feature (geometry dropped)."""
    return pd.DataFrame([f["properties"] for f in read_json(path)["features"]])


def polygons(path: Path) -> list[tuple[str, str, list[list[list[list[float]]]]]]:
    """(code, name, polygons) per feature; polygons = list of polygons, each a list of rings of [lon, lat]."""
    out = []
    for f in read_json(path)["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        out.append((str(f["properties"]["code"]), str(f["properties"].get("nom", "")), polys))
    return out


def ddt95_destinations(path: Path) -> pd.DataFrame:
    """Val-d'Oise profiles as rows (home_code, residents, local, rank, dest_code, workers)."""
    rows = []
    for code, p in read_json(path).items():
        if p.get("kind") != "commune":
            continue
        for rank, d in enumerate(p.get("destinations", []), start=1):
            rows.append({"home_code": code, "residents": float(p["residents"]), "local": float(p["local"]),
                         "rank": rank, "dest_code": str(d["code"]), "workers": float(d["value"])})
    return pd.DataFrame(rows)


def ptod_communes(path: Path) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(read_bytes(path))).astype({"code": "str"})


LOADERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "cog_communes": cog_communes,
    "cog_epci": cog_epci,
    "cog_departements": records,
    "cog_regions": records,
    "geo2023_communes": _csv,
    "ot_densite": lambda p: _csv(p, encoding="utf-8-sig"),
    "ot_centralite": lambda p: _csv(p, encoding="utf-8-sig"),
    "fabriques": geojson_points,
    "manufactures": geojson_points,
    "france_services": _csv,
    "ti_communes": geojson_properties,
    "base_carbone": lambda p: _csv(p, sep=";"),
    "dep_flows": _csv,
    "idf_flows": lambda p: _csv(p, sep=";"),
    "ddt95_profiles": ddt95_destinations,
    "parts_modales": lambda p: _csv(p, sep="\t"),
    "ptod_communes": ptod_communes,
    "ptod_epci": records,
    "ptod_dep": records,
    "restored_communes": _csv,
}


def load_tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Every tabular raw file as ``raw_<name>`` → DataFrame (polygons are read separately)."""
    return {f"raw_{name}": loader(raw_dir / FILES[name]) for name, loader in LOADERS.items()}
