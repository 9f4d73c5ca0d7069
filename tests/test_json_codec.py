"""The store's JSON codec writes what ``json`` would read back, and falls back where orjson refuses."""

from __future__ import annotations

import json
import math

from newsradar.store.sql import json_codec


def test_round_trips_equal_to_the_standard_library() -> None:
    value = {"title": "Hà Nội – 서울 – 北京", "weights": {"a": 0.1 + 0.2, "b": 1e-300, "c": 12345678.125},
             "list": [1, 2.5, None, True, "x"], "nested": {"k": [{"z": -0.0}]}}
    text = json_codec.dumps(value)
    assert "Hà Nội" in text  # non-ASCII kept, as json.dumps(ensure_ascii=False) wrote it
    assert json.loads(text) == value == json_codec.loads(text)
    assert json_codec.loads(json.dumps(value, ensure_ascii=False)) == value


def test_values_orjson_refuses_fall_back() -> None:
    surrogate = {"text": "broken \ud800 escape"}
    assert json.loads(json_codec.dumps(surrogate)) == surrogate
    big = {"n": 2**70}
    assert json_codec.loads(json_codec.dumps(big)) == big
    assert json_codec.dumps({1: "one"}) == '{"1":"one"}'
    assert math.isnan(json_codec.loads(json.dumps({"x": float("nan")}))["x"])
