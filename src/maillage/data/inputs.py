"""Read everything the model needs for one territory into the TerritoryInputs contract (model/results.py)."""

from __future__ import annotations

import duckdb
import pandas as pd

from maillage.data import db
from maillage.model.results import COMMUNE_COLUMNS, FLOW_COLUMNS, MODES, TerritoryInputs

LEVELS: dict[str, str] = {
    "commune": "commune",
    "epci": "intercommunalité (EPCI)",
    "departement": "département",
    "region": "région",
    "territoire_industrie": "Territoire d'industrie",
    "france": "France",
}
WORK_COMMUNE_COLUMNS: tuple[str, ...] = ("code", "name", "jobs", "presential_share", "lon", "lat")
EMISSION_COLUMNS: tuple[str, ...] = ("mode", "lifecycle_kg_per_km", "ttw_kg_per_km", "unit")


class UnknownTerritory(LookupError):
    """No territory with this level and code (French message naming both)."""

    def __init__(self, level: str, code: str) -> None:
        self.level, self.code = level, code
        if level not in LEVELS:
            msg = f"Niveau de territoire inconnu : « {level} » (niveaux possibles : {', '.join(LEVELS)})."
        else:
            msg = f"Territoire introuvable : aucun territoire de niveau « {level} » ({LEVELS[level]}) de code « {code} » dans la base."
        super().__init__(msg)


def load_territory_inputs(con: duckdb.DuckDBPyConnection, level: str, code: str) -> TerritoryInputs:
    """The communes, flows (home in the territory), emission factors and work communes of a territory.

    Raises UnknownTerritory when the level or the code does not exist.
    """
    if level not in LEVELS:
        raise UnknownTerritory(level, code)
    info = db.run(con, "territory_info", level=level, code=str(code))
    if info.empty:
        raise UnknownTerritory(level, code)
    communes = db.run(con, "territory_communes", level=level, code=str(code))
    flows = db.run(con, "territory_flows", level=level, code=str(code))
    factors = db.run(con, "emission_factors").set_index("mode").loc[list(MODES)].reset_index()
    work = db.run(con, "territory_work_communes", level=level, code=str(code))
    estimated = bool((communes["source"] != "insee").any() or (flows["source"] != "insee").any())
    return TerritoryInputs(
        territory_label=str(info.loc[0, "name"]),
        communes=communes[list(COMMUNE_COLUMNS)].reset_index(drop=True),
        flows=flows[list(FLOW_COLUMNS)].reset_index(drop=True),
        emission_factors=pd.DataFrame(factors[list(EMISSION_COLUMNS)]),
        work_communes=work[list(WORK_COMMUNE_COLUMNS)].reset_index(drop=True),
        estimated=estimated,
    )
