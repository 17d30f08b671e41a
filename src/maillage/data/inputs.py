"""Read everything the model needs for one territory into the TerritoryInputs contract (model/results.py)."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
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
    flows = db.run_via_arrow(con, "territory_flows", level=level, code=str(code))  # France: 2.3 million rows
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


def split_inputs(whole: TerritoryInputs, territory_of: pd.Series) -> Iterator[tuple[str, TerritoryInputs]]:
    """Cut the inputs of a large territory (France) into those of the territories it holds, in code order.

    ``territory_of`` maps a commune code to the code of its territory (one level: every département, or every
    région). Each piece has the rows :func:`load_territory_inputs` reads for that territory, in the same order
    (communes by code; flows whose home is one of its communes, by home and work; work communes by workers
    coming from the territory, then code), so the model gives the same figures: the build computes every
    département's and région's totals from France's inputs read once, instead of reading each one again.
    A piece's label is its code.
    """
    commune_t = whole.communes["code"].astype(str).map(territory_of)
    home_t = whole.flows["home_code"].astype(str).map(territory_of)
    commune_rows = commune_t.groupby(commune_t, sort=True).indices  # positions, in the original order
    flow_rows = home_t.groupby(home_t, sort=False).indices
    places = whole.work_communes.drop_duplicates("code").set_index("code")
    for code, rows in commune_rows.items():
        communes = whole.communes.iloc[rows].reset_index(drop=True)
        flows = whole.flows.iloc[flow_rows.get(code, np.zeros(0, dtype=np.int64))].reset_index(drop=True)
        arriving = flows.groupby("work_code", sort=False)["workers"].sum().rename("workers_from_territory")
        work = places.loc[arriving.index].assign(workers_from_territory=arriving.to_numpy())
        work = work.rename_axis("code").reset_index().sort_values(
            ["workers_from_territory", "code"], ascending=[False, True], kind="stable")
        estimated = bool((communes["source"] != "insee").any() or (flows["source"] != "insee").any())
        yield str(code), TerritoryInputs(
            territory_label=str(code),
            communes=communes,
            flows=flows,
            emission_factors=whole.emission_factors,
            work_communes=work[list(WORK_COMMUNE_COLUMNS)].reset_index(drop=True),
            estimated=estimated,
        )
