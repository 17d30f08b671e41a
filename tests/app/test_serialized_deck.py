"""A cached map answers with the JSON made once, the same JSON Streamlit would have made, and keeps no data."""

from __future__ import annotations

import json

import pandas as pd
import pydeck as pdk
from streamlit.elements.deck_gl_json_chart import _prepare_pydeck_for_json

from maillage.ui.figures import serialized


def deck() -> pdk.Deck:
    data = pd.DataFrame({"polygon": [[[6.8, 47.6], [6.9, 47.6], [6.9, 47.7]]], "name": ["Belfort"], "shown": ["12,5 t"]})
    return pdk.Deck(layers=[pdk.Layer("PolygonLayer", data=data, id="communes", get_polygon="polygon", pickable=True)],
                    map_provider=None, tooltip={"text": "{name} : {shown}"})


def test_serialized_deck_gives_streamlit_s_json_and_drops_its_records() -> None:
    reference = deck()
    _prepare_pydeck_for_json(reference)  # what st.pydeck_chart does before serialising (pandas 3)
    expected = json.loads(reference.to_json())
    frozen = serialized(deck())
    assert json.loads(frozen.to_json()) == expected
    assert expected["layers"][0]["data"][0]["name"] == "Belfort"
    assert all(layer.data == [] for layer in frozen.layers)
    _prepare_pydeck_for_json(frozen)  # what st.pydeck_chart does on every run: the JSON does not change
    assert json.loads(frozen.to_json()) == expected


def test_serialized_deck_is_sent_without_pydeck_s_indentation() -> None:
    """pydeck indents its JSON, one number a line: for a région's communes, 22 MB to every visitor."""
    rings = [[[6.8 + i / 1000, 47.6], [6.9, 47.6 + i / 1000], [6.9, 47.7]] for i in range(200)]
    data = pd.DataFrame({"polygon": rings, "name": [f"Commune {i}" for i in range(200)], "shown": ["1 t"] * 200})
    layer = pdk.Layer("PolygonLayer", data=data, id="communes", get_polygon="polygon")
    indented = pdk.Deck(layers=[layer], map_provider=None)
    _prepare_pydeck_for_json(indented)
    sent = serialized(pdk.Deck(layers=[pdk.Layer("PolygonLayer", data=data, id="communes", get_polygon="polygon")],
                               map_provider=None)).to_json()
    assert json.loads(sent) == json.loads(indented.to_json())
    assert "\n" not in sent and len(sent) < len(indented.to_json()) / 3
