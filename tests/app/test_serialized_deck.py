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
