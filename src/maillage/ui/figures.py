"""Figure builders: results in, ``go.Figure`` / ``pdk.Deck`` out (no Streamlit calls, unit-testable).

Colours are colour-blind-safe (Okabe–Ito for categories, cividis for sequential values, a blue–orange
diverging ramp for changes) and every chart also differs by pattern or label, so it reads in black and white.
Maps need no basemap: commune and département outlines give the context, so they work offline.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from urllib.parse import quote

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from maillage.fmt import fmt_number
from maillage.model.results import MODE_LABELS_FR, MODES, SimulationResult

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# cividis, sampled (colour-blind-safe, monotone in lightness so it reads in grey too)
CIVIDIS = [(0, 32, 77), (38, 62, 107), (87, 92, 109), (124, 123, 120), (165, 157, 116), (211, 194, 99), (253, 234, 69)]
DIVERGING = [(33, 102, 172), (103, 169, 207), (209, 229, 240), (247, 247, 247), (253, 219, 199), (239, 138, 98),
             (178, 24, 43)]
PATTERNS = ["", "/", "\\", "x", ".", "+", "-", "|"]
FONT = dict(family="Marianne, Arial, sans-serif", size=15)
BIG_FONT = dict(family="Marianne, Arial, sans-serif", size=22)


def _layout(fig: go.Figure, title: str, *, big: bool = False, height: int = 360) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"), font=BIG_FONT if big else FONT, height=height,
        margin=dict(l=10, r=10, t=50, b=10), paper_bgcolor="white", plot_bgcolor="white",
        separators=", ", legend=dict(orientation="h", y=-0.15),
    )
    fig.update_xaxes(gridcolor="#DDDDDD", zerolinecolor="#333333")
    fig.update_yaxes(gridcolor="#DDDDDD", zerolinecolor="#333333")
    return fig


def modal_share_bar(shares: pd.DataFrame, *, big: bool = False) -> go.Figure:
    """Horizontal stacked bars: one row per territory (index), one segment per mode (share 0–1)."""
    fig = go.Figure()
    for i, mode in enumerate(MODES):
        col = f"share_{mode}"
        if col not in shares:
            continue
        values = shares[col].astype(float) * 100
        fig.add_bar(
            y=list(shares.index), x=values, name=MODE_LABELS_FR[mode], orientation="h",
            marker=dict(color=OKABE_ITO[i % 8], pattern_shape=PATTERNS[i % 8], line=dict(color="white", width=1)),
            text=[f"{fmt_number(v, 0)} %" if v >= 4 else "" for v in values], textposition="inside",
            hovertemplate="%{y} — " + MODE_LABELS_FR[mode] + " : %{x:.1f} %<extra></extra>",
        )
    fig.update_layout(barmode="stack", xaxis=dict(range=[0, 100], ticksuffix=" %"))
    return _layout(fig, "Mode principal de déplacement domicile-travail (% des actifs occupés)", big=big,
                   height=120 + 60 * len(shares))


def waterfall_by_lever(result: SimulationResult, scope: str, *, big: bool = False) -> go.Figure:
    """Δ CO2 by lever from the baseline to the scenario (t CO2e/yr, negative = avoided)."""
    col = f"delta_co2_{scope}_t"
    labels = {"telework": "Télétravail", "tiers_lieux": "Tiers-lieux", "training": "Formation"}
    by_lever = result.by_lever
    base = float(result.baseline.totals.get(f"co2_{scope}_t", 0.0))
    x = ["Situation actuelle"] + [labels.get(str(lv), str(lv)) for lv in by_lever["lever"]] + ["Scénario"]
    deltas = [float(v) for v in by_lever[col]]
    fig = go.Figure(go.Waterfall(
        x=x, y=[base, *deltas, 0], measure=["absolute"] + ["relative"] * len(deltas) + ["total"],
        text=[fmt_number(base, 0)] + [fmt_number(d, 1, signed=True) for d in deltas]
        + [fmt_number(base + sum(deltas), 0)],
        textposition="outside", connector=dict(line=dict(color="#666666")),
        decreasing=dict(marker=dict(color="#0072B2")), increasing=dict(marker=dict(color="#D55E00")),
        totals=dict(marker=dict(color="#555555")),
    ))
    low = min(base, base + sum(deltas))
    fig.update_yaxes(range=[low * 0.9, base * 1.05 + 1], title="t CO₂e/an")
    return _layout(fig, "Émissions des trajets domicile-travail, par levier (t CO₂e/an)", big=big)


def jobs_bar(result: SimulationResult, *, big: bool = False) -> go.Figure:
    """The jobs breakdown, each with its low–high range; never summed into one number."""
    jobs = result.jobs
    items = [
        ("Emplois directs des tiers-lieux", jobs.direct_tiers_lieux),
        ("Emplois nets dus à la formation", jobs.net_training),
        ("Emplois présentiels gagnés (communes de résidence)", jobs.presential_gained),
        ("Emplois présentiels perdus (communes de travail)", jobs.presential_lost),
        ("Emplois induits", jobs.induced),
    ]
    names = [n for n, _ in items]
    central = [r.central for _, r in items]
    err_plus = [r.high - r.central for _, r in items]
    err_minus = [r.central - r.low for _, r in items]
    colors = ["#009E73", "#0072B2", "#56B4E9", "#D55E00", "#CC79A7"]
    fig = go.Figure(go.Bar(
        y=names, x=central, orientation="h", marker=dict(color=colors, pattern_shape=PATTERNS[:5]),
        error_x=dict(type="data", array=err_plus, arrayminus=err_minus, color="#333333"),
        text=[fmt_number(v, 0, signed=True) for v in central], textposition="outside",
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Emplois locaux à l'horizon (fourchette basse–haute)", big=big)


def trajectory_chart(frames: Sequence[tuple[str, pd.DataFrame]], column: str, title: str, unit: str,
                     *, big: bool = False) -> go.Figure:
    """One line per scenario over the years."""
    fig = go.Figure()
    for i, (name, traj) in enumerate(frames):
        fig.add_scatter(
            x=traj["year"], y=traj[column], name=name, mode="lines+markers",
            line=dict(color=OKABE_ITO[i % 8], width=3, dash=["solid", "dash", "dot", "dashdot"][i % 4]),
            marker=dict(symbol=["circle", "square", "diamond", "triangle-up"][i % 4], size=8),
        )
    fig.update_yaxes(title=unit)
    fig.update_xaxes(dtick=1)
    return _layout(fig, title, big=big)


def tornado_chart(tornado: pd.DataFrame, metric: str, *, top: int = 8, big: bool = False) -> go.Figure:
    """Assumptions that move ``metric`` most: bars from the low to the high value of each assumption."""
    rows = tornado[tornado["metric"] == metric].head(top).iloc[::-1]
    fig = go.Figure()
    fig.add_bar(y=rows["label"], x=rows["value_low"], name="Hypothèse basse", orientation="h",
                marker=dict(color="#0072B2", pattern_shape="/"))
    fig.add_bar(y=rows["label"], x=rows["value_high"], name="Hypothèse haute", orientation="h",
                marker=dict(color="#E69F00"))
    fig.update_layout(barmode="overlay")
    return _layout(fig, "Les hypothèses qui pèsent le plus (sensibilité)", big=big, height=140 + 40 * len(rows))


def grouped_bars(names: Sequence[str], metrics: Sequence[tuple[str, Sequence[float]]], title: str,
                 *, big: bool = False) -> go.Figure:
    """Grouped bars: one group per metric, one bar per scenario."""
    fig = go.Figure()
    for i, name in enumerate(names):
        fig.add_bar(x=[m for m, _ in metrics], y=[vals[i] for _, vals in metrics], name=name,
                    marker=dict(color=OKABE_ITO[i % 8], pattern_shape=PATTERNS[i % 8]))
    fig.update_layout(barmode="group")
    return _layout(fig, title, big=big)


# --- Maps ------------------------------------------------------------------------------------------------


def _ramp(values: np.ndarray, colors: Sequence[tuple[int, int, int]], vmin: float, vmax: float) -> list[list[int]]:
    if not math.isfinite(vmin) or not math.isfinite(vmax) or vmax <= vmin:
        return [[*colors[len(colors) // 2], 200] for _ in values]
    pos = np.clip((values - vmin) / (vmax - vmin), 0, 1) * (len(colors) - 1)
    out = []
    for p in pos:
        if not math.isfinite(p):
            out.append([200, 200, 200, 120])
            continue
        i = min(int(p), len(colors) - 2)
        f = p - i
        c = [round(colors[i][k] * (1 - f) + colors[i + 1][k] * f) for k in range(3)]
        out.append([*c, 210])
    return out


# With no basemap asked for, an inline empty style (a white background, no source) keeps Streamlit from
# loading its default Carto basemap: no request leaves the machine, and the maps work offline.
OFFLINE_STYLE = "data:application/json," + quote(json.dumps(
    {"version": 8, "sources": {}, "layers": [{"id": "fond", "type": "background",
                                               "paint": {"background-color": "#ffffff"}}]}))


def basemap_args(basemap: bool) -> dict[str, object]:
    """pydeck.Deck arguments: Carto's light basemap when asked for (online), else the offline empty style."""
    return {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None,
                                                                            "map_style": OFFLINE_STYLE}


def view_for(lon: Sequence[float], lat: Sequence[float]) -> pdk.ViewState:
    """A view that frames the points (zoom from the span of the territory)."""
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if lon_a.size == 0:
        return pdk.ViewState(longitude=2.5, latitude=46.6, zoom=4.6)
    span = max(float(np.ptp(lon_a)), float(np.ptp(lat_a)) * 1.4, 0.05)
    zoom = float(np.clip(math.log2(360 / span) - 0.6, 4.2, 12))
    return pdk.ViewState(longitude=float(np.mean([lon_a.min(), lon_a.max()])),
                         latitude=float(np.mean([lat_a.min(), lat_a.max()])), zoom=zoom)


def _polygons(geometry: pd.DataFrame) -> pd.DataFrame:
    rows = geometry[["code", "rings_json"]].copy()
    rows["polygon"] = [json.loads(r) for r in rows["rings_json"]]
    return rows.drop(columns=["rings_json"])


def _depth(value: object) -> int:
    depth = 0
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    return depth


def outline_polygons(boundaries: pd.DataFrame) -> pd.DataFrame:
    """One row per polygon (a list of rings of [lon, lat]); a multipolygon row is split into its parts."""
    parts = []
    for text in boundaries["rings_json"]:
        shape = json.loads(text)
        parts.extend(shape if _depth(shape) == 4 else [shape])
    return pd.DataFrame({"polygon": [p for p in parts if _depth(p) == 3]})


def outline_layer(boundaries: pd.DataFrame) -> pdk.Layer:
    data = outline_polygons(boundaries)
    return pdk.Layer("PolygonLayer", data=data[["polygon"]], get_polygon="polygon", filled=False, stroked=True,
                     get_line_color=[60, 60, 60, 255], line_width_min_pixels=1.5, pickable=False)


def choropleth(geometry: pd.DataFrame, values: pd.DataFrame, column: str, label: str, unit: str,
               boundaries: pd.DataFrame | None = None, *, diverging: bool = False, basemap: bool = False) -> pdk.Deck:
    """Communes coloured by ``values[column]`` (joined on ``code``); tooltip with name, value and unit."""
    poly = _polygons(geometry).merge(values[["code", "name", column]], on="code", how="left")
    vals = poly[column].astype(float).to_numpy()
    finite = vals[np.isfinite(vals)]
    if diverging:
        bound = float(np.max(np.abs(finite))) if finite.size else 1.0
        colors = _ramp(vals, DIVERGING, -bound, bound)
    else:
        lo, hi = (float(np.quantile(finite, 0.02)), float(np.quantile(finite, 0.98))) if finite.size else (0, 1)
        colors = _ramp(vals, CIVIDIS, lo, hi)
    poly["fill"] = colors
    poly["shown"] = [f"{fmt_number(v, 1)} {unit}" if math.isfinite(v) else "–" for v in vals]
    layers = []
    if boundaries is not None and not boundaries.empty:
        layers.append(outline_layer(boundaries))
    layers.insert(0, pdk.Layer(
        "PolygonLayer", data=poly[["polygon", "fill", "name", "shown"]], get_polygon="polygon", get_fill_color="fill",
        get_line_color=[255, 255, 255, 180], line_width_min_pixels=0.5, pickable=True, auto_highlight=True,
    ))
    lons = [pt[0] for rings in poly["polygon"] for pt in (rings[0] if rings and isinstance(rings[0][0], list) else rings)]
    lats = [pt[1] for rings in poly["polygon"] for pt in (rings[0] if rings and isinstance(rings[0][0], list) else rings)]
    return pdk.Deck(
        layers=layers, initial_view_state=view_for(lons, lats),
        **basemap_args(basemap),
        tooltip={"text": "{name}\n" + label + " : {shown}"},
    )


def serialized(deck: pdk.Deck) -> pdk.Deck:
    """The deck with its JSON computed once, for a deck cached across runs and visitors.

    ``st.pydeck_chart`` serialises the deck on every run (for a territory's commune polygons, most of the
    territory page's server time); a cached deck answers with the JSON it already made, compact, and keeps
    no other copy of its data. Layer data become
    records first, as Streamlit itself does for pandas 3 (pydeck cannot serialise a pandas 3 DataFrame).
    """
    for layer in deck.layers:
        if isinstance(layer.data, pd.DataFrame):
            layer.data = layer.data.to_dict("records")
    # pydeck indents its JSON (two spaces a level, one number a line): a région's communes made 22 MB sent to
    # every visitor of the page, about five times the same JSON without the whitespace.
    spec = json.dumps(json.loads(deck.to_json()), separators=(",", ":"), ensure_ascii=False)
    deck.to_json = lambda: spec  # type: ignore[method-assign]
    for layer in deck.layers:  # the records are in the JSON now; kept, they would weigh more than it
        layer.data = []
    return deck


def flow_arcs(flows: pd.DataFrame, communes: pd.DataFrame, boundaries: pd.DataFrame | None, *, top: int = 30,
              basemap: bool = False) -> pdk.Deck:
    """The main home→work flows between communes (arcs, width by workers), own-commune flows left out."""
    f = flows[flows["home_code"] != flows["work_code"]].nlargest(top, "workers")
    pts = communes.set_index("code")[["lon", "lat", "name"]]
    f = f.join(pts.add_prefix("home_"), on="home_code").join(pts.add_prefix("work_"), on="work_code").dropna(
        subset=["home_lon", "work_lon"])
    w = f["workers"].astype(float)
    f = f.assign(width=(1 + 9 * w / max(float(w.max()), 1.0)).round(1),
                 shown=[fmt_number(v, 0) for v in w])
    layers = [pdk.Layer(
        "ArcLayer", data=f[["home_lon", "home_lat", "work_lon", "work_lat", "width", "home_name", "work_name", "shown"]],
        get_source_position=["home_lon", "home_lat"], get_target_position=["work_lon", "work_lat"],
        get_source_color=[0, 114, 178, 220], get_target_color=[213, 94, 0, 220], get_width="width", pickable=True,
    )]
    if boundaries is not None and not boundaries.empty:
        layers.insert(0, outline_layer(boundaries))
    lons = list(f["home_lon"]) + list(f["work_lon"])
    lats = list(f["home_lat"]) + list(f["work_lat"])
    return pdk.Deck(layers=layers, initial_view_state=view_for(lons, lats),
                    **basemap_args(basemap),
                    tooltip={"text": "{home_name} → {work_name} : {shown} actifs (estimation)"})
