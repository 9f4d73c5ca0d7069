"""An article without an outlet is shown one way everywhere: "(unknown outlet)" (``newsradar.model.UNKNOWN_OUTLET``).

The sample holds three articles that name no outlet; every page, listing and summary that shows them must say
the same thing (it said "unknown", "(unknown)", "unknown outlet" and "(unknown outlet)" in different places).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsradar.model import UNKNOWN_OUTLET
from newsradar.settings import load_settings
from newsradar.store import ArticleFilter, open_store
from newsradar.web import create_app

#: Any spelling of a missing outlet other than the one.
_OTHER_FORMS = re.compile(r"\(unknown\)|(?<!\()unknown outlet|>unknown<")


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    settings = load_settings({"database_url": str(sample_db), "open_writes": True}, env={})
    with TestClient(create_app(settings)) as c:
        yield c


def test_the_summary_and_every_page_say_unknown_outlet_one_way(client: TestClient, sample_db: Path) -> None:
    with open_store(str(sample_db)) as store:
        assert store.summary().by_source.get(UNKNOWN_OUTLET) == 3
        orphans = [a for a in store.list_articles(ArticleFilter(limit=None)) if not a.source]
        stories = {store.story_of(a.id) for a in orphans}
        pairs = {p for a in orphans if a.enrichment for p in a.enrichment.pairs}
    assert len(orphans) == 3
    pages = ["/", "/search?q=Kaluma", "/copies", "/outlets", "/api/sources", "/api/outlets",
             *(f"/articles/{a.id}" for a in orphans), *(f"/stories/{s}" for s in stories if s),
             *(f"/pairs?pair={p}" for p in pairs), *(f"/api/pairs/{p}" for p in pairs)]
    shown = 0
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert not _OTHER_FORMS.search(response.text), (page, _OTHER_FORMS.search(response.text))
        shown += UNKNOWN_OUTLET in response.text or UNKNOWN_OUTLET.replace("(", "\\u0028") in response.text
    assert shown >= len(orphans) + 2, "the article pages, the outlets page and the sources listing name it"
