"""Every parameter of every route, API and dashboard, against extreme values: a 4xx naming it, never a 5xx.

The schema fuzz run (test_api_fuzz.py) draws from what the schema declares;
this one walks the routes themselves (the dashboard's pages are not in the
schema) and throws the values that broke servers before: years 1 and 9999 with
offsets that push them out of range, huge and negative numbers, NaN, empty and
very long text, NUL and bidi characters, path tricks.  Each answer is a page or a
clear refusal: a 422 whose message starts with the parameter's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsradar.settings import load_settings
from newsradar.web import create_app
from newsradar.web.app import ROUTERS

EXTREMES = (
    "-1", "0", "1", "1000001", "99999999999999999999999999", "-99999999999999999999", "1e309", "NaN", "inf",
    "9999-12-31", "0001-01-01", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2026-02-30",
    "2026-11-17T25:00:00Z", "999999w", "999999h", "0h", "", " ", "x" * 5000, "\u202eevil", "😀", "%00",
    "../../etc/passwd", "<script>alert(1)</script>", "'; DROP TABLE articles; --", "KR-KR", "ZZ-QQ", "zz",
    "auto", "hour", "month", "share", "entity", "pair", "Da Nang",
)
_APP_ROUTES: list[tuple[str, list[str], list[str]]] = []


def _get_routes() -> list[tuple[str, list[str], list[str]]]:
    """(path, query parameters, path parameters) of every GET route, API and pages."""
    if not _APP_ROUTES:
        for route in (r for router in ROUTERS for r in router.routes):
            if isinstance(route, APIRoute) and "GET" in route.methods:
                _APP_ROUTES.append((route.path, [p.alias for p in route.dependant.query_params],
                                    [p.alias for p in route.dependant.path_params]))
    return _APP_ROUTES


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings({"database_url": str(sample_db)}, env={}))) as c:
        yield c


def _check(client: TestClient, path: str, name: str, params: dict[str, str]) -> None:
    response = client.get(path, params=params)
    assert response.status_code < 500, (path, params, response.status_code, response.text[:300])
    if response.status_code == 422:
        message = response.json()["detail"] if path.startswith("/api") else response.text
        if path.startswith("/api"):
            assert message.split(":")[0].strip() in params, (path, params, message)  # names the parameter
        else:
            assert any(f"{p}:" in message or f"{p} " in message for p in params), (path, params, message[:300])


def test_every_get_route_is_walked() -> None:
    paths = {path for path, _, _ in _get_routes()}
    assert {"/", "/search", "/trends", "/api/articles", "/api/trends", "/api/stories/ranking",
            "/api/pairs/{pair}", "/stories/{story_id}"} <= paths


@pytest.mark.parametrize("path,query,path_params", _get_routes(), ids=[r[0] for r in _get_routes()])
def test_extreme_values_in_every_parameter(client: TestClient, path: str, query: list[str],
                                           path_params: list[str]) -> None:
    base = {"term": "Da Nang"} if path.endswith("/network") and "term" in query else {}
    filled = path
    for name in path_params:  # a path parameter gets the extremes too, one at a time
        for value in EXTREMES:
            if not value.strip() or "/" in value:
                continue
            target = path.replace("{" + name + "}", value)
            response = client.get(target, params=base)
            assert response.status_code < 500, (target, response.status_code, response.text[:300])
        filled = filled.replace("{" + name + "}", "KR-VN" if name == "pair" else "x")
    for name in query:
        for value in EXTREMES:
            _check(client, filled, name, {**base, name: value})


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_values_in_every_query_parameter(client: TestClient, data: st.DataObject) -> None:
    path, query, path_params = data.draw(st.sampled_from([r for r in _get_routes() if r[1]]))
    for name in path_params:
        path = path.replace("{" + name + "}", "KR-VN" if name == "pair" else "x")
    name = data.draw(st.sampled_from(query))
    value = data.draw(st.one_of(st.text(max_size=80), st.integers().map(str),
                                st.floats(allow_nan=True, allow_infinity=True).map(str),
                                st.datetimes().map(lambda d: d.isoformat())))
    base = {"term": "Da Nang"} if path.endswith("/network") and name != "term" else {}
    _check(client, path, name, {**base, name: value})
