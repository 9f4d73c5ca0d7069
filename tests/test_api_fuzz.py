"""Schema-driven fuzzing: every operation of the API's own OpenAPI schema, no response may be a 5xx.

Schemathesis generates valid and invalid parameters (odd unicode, huge numbers,
missing fields) from the schema; a 4xx is a correct answer to bad input, a
500 is a bug.
"""

from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from newsradar.settings import load_settings  # noqa: E402
from newsradar.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def app(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> object:
    import shutil

    copy = tmp_path_factory.mktemp("fuzz") / "fuzz.db"  # ingest writes: never into the shared sample
    shutil.copy(sample_db, copy)
    return create_app(load_settings({"database_url": str(copy)}, env={}))


@pytest.mark.slow
def test_no_server_errors(app: object) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def no_500(case: object) -> None:
            case.call_and_validate(checks=[not_a_server_error])  # type: ignore[attr-defined]

        no_500()
