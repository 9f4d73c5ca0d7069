"""The mirror page in a real headless Chromium (the harness of test_dashboard.py), over the sample whose
outlets have home countries: no console error, no failed request, the chart drawn, both sides side by
side, and the way there from the Country pairs page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .servers import serving
from .test_dashboard import CHROMIUM, CHROMIUM_ARGS, Watched, _charts_render, sync_api
from .test_mirror import store_with_homes

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian's chromium is not installed (apt-get install chromium); "
                                       "`make install` installs it when run as root")


@pytest.fixture(scope="module")
def base_url(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serving(store_with_homes(sample_db, tmp_path_factory.mktemp("mirror-web") / "homes.db"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    watched = Watched(context.new_page(), base_url)
    yield watched
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    wanted = os.environ.get("NEWSRADAR_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_mirror_page_shows_both_sides_side_by_side(page: Watched, shots: Path) -> None:
    page.open("/mirror?a=KR&b=VN")
    page.page.wait_for_selector("svg.line-chart", state="attached", timeout=15_000)
    assert _charts_render(page.page, "svg.line-chart") == 1
    boxes = page.page.eval_on_selector_all(
        "section.mirror-side", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y]; })")
    assert len(boxes) == 2
    (x1, y1), (x2, y2) = boxes
    assert x2 > x1 and abs(y1 - y2) < 1, "two columns on a wide screen"
    sides = page.page.locator("section.mirror-side h2").all_inner_texts()
    assert sides == ["KR outlets on VN", "VN outlets on KR"]
    assert "6 articles of 12" in page.page.inner_text("#side-1")
    assert page.page.locator("#mirror-shared tbody tr").count() >= 1
    page.page.screenshot(path=str(shots / "mirror.png"), full_page=True)
    page.clean()


def test_from_the_pairs_page_to_the_mirror_and_a_story(page: Watched) -> None:
    page.open("/pairs")
    with page.page.expect_navigation():
        page.page.locator("#pair-mirror").click()
    assert "/mirror?a=" in page.page.url
    assert page.page.inner_text("h1").startswith("Mirror")
    with page.page.expect_navigation():
        page.page.locator("section.mirror-side a.story-link").first.click()
    assert "/stories/" in page.page.url
    page.clean()


def test_domestic_mirror_is_one_column(page: Watched) -> None:
    page.open("/mirror?a=VN&b=VN")
    assert page.page.locator("section.mirror-side").count() == 1
    assert "domestic view" in page.page.inner_text("h1")
    page.clean()
