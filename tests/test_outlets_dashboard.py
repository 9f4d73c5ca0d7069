"""The outlets pages in a real headless Chromium: no console error, columns sort, figures lead to their articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from .conftest import SAMPLE_OUTLETS
from .servers import serving
from .test_dashboard import CHROMIUM_ARGS, Watched, browser, pytestmark, shots  # noqa: F401 (fixtures, skip mark)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from newsradar.cli import app

    from .postgres_mode import copy_store

    path = tmp_path_factory.mktemp("outlets-web") / "sample.db"
    copy_store(sample_db, path)
    done = CliRunner().invoke(app, ["outlets", "import", "--db", str(path), str(SAMPLE_OUTLETS)])
    assert done.exit_code == 0, done.output
    yield from serving(path)


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Watched]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    watched = Watched(context.new_page(), base_url)
    yield watched
    context.close()


def _column(page: Any, index: int) -> list[str]:
    return [str(t).strip() for t in page.eval_on_selector_all(
        "#outlets tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent)")]


def test_outlets_table_sorts_and_links_to_the_articles_behind_a_figure(page: Watched, shots: Path) -> None:  # noqa: F811
    page.open("/outlets")
    page.page.wait_for_selector("#outlets tbody tr", state="attached", timeout=15_000)
    assert len(_column(page.page, 0)) == 12 and "Asia Wire" in _column(page.page, 0)
    page.page.click("#outlets thead th:nth-child(6)")  # wire copies, largest first
    shares = _column(page.page, 5)
    assert shares[0] == "25%" and shares[-1] == "0%", shares  # Asia Wire: 1 copy in 4 articles
    page.page.click("#outlets thead th:nth-child(6)")  # again: smallest first
    assert _column(page.page, 5)[0] == "0%"
    page.page.click("#outlets thead th:nth-child(1)")
    names = _column(page.page, 0)
    assert names == sorted(names, key=str.lower, reverse=True)
    assert page.page.get_attribute("#outlets thead th:nth-child(4)", "title").startswith("Articles in the period")
    page.page.screenshot(path=str(shots / "outlets.png"), full_page=True)
    with page.page.expect_navigation():
        page.page.click("#outlets tbody tr:has-text('Huanan Daily') td:nth-child(6) a")
    assert "signal=copies" in page.page.url
    titles = page.page.eval_on_selector_all("ul.articles li.article > a", "links => links.map(a => a.textContent)")
    # Huanan Daily's feed item 1: Xinhua's forum report under its own headline
    assert titles == ["中韩媒体合作论坛在北京举行 聚焦人工智能时代媒体责任"], titles
    page.page.screenshot(path=str(shots / "outlet.png"), full_page=True)
    href = page.page.get_attribute("a[download]", "href") if page.page.query_selector("a[download]") else None
    assert href is None  # the CSV link lives on the listing
    page.open("/outlets")
    assert page.page.get_attribute("a[download]", "href").startswith("/api/outlets?format=csv")
    page.clean()
