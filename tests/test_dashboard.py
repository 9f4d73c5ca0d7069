"""The dashboard in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

The app runs under uvicorn on 127.0.0.1 over the enriched bundled sample.
Every page must load with no console error, no failed request (so no asset
from a CDN: the machine under test has no internet), charts must render with
a real size, and a reader must be able to search and click through to an
article and a story.  Screenshots go to ``$NEWSRADAR_SCREENSHOTS`` when set
(``make screenshots`` points it at ``docs/screenshots``), else to a temp dir.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from newsradar.settings import load_settings  # noqa: E402

from .servers import serving  # noqa: E402

CHROMIUM = os.environ.get("NEWSRADAR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian's chromium is not installed (apt-get install chromium); "
                                       "`make install` installs it when run as root")
# Flags for a sandboxed machine with no network: no first-run, no background calls home.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def base_url(sample_db: Path) -> Iterator[str]:
    yield from serving(sample_db)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("NEWSRADAR_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watched:
    """A page whose console errors, uncaught exceptions and failed requests are collected."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        return response

    def clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    watched = Watched(context.new_page(), base_url)
    yield watched
    context.close()


def _charts_render(page: Any, selector: str = "svg") -> int:
    """How many SVG charts matching ``selector`` have a real, non-zero size on screen."""
    boxes = page.eval_on_selector_all(
        selector, "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    return sum(1 for w, h in boxes if w > 20 and h > 10)


def _first_story_id(page: Watched) -> str:
    page.open("/?date=2026-11-19")
    href = page.page.get_attribute("a.story-link", "href")
    assert href and href.startswith("/stories/")
    return str(href.removeprefix("/stories/"))


PAGES = [
    ("home", "/?date=2026-11-19", "#ranking table.ranking", "svg"),
    ("trends", "/trends?kind=entity&values=Hà Nội,Da Nang", "svg.line-chart", "svg.line-chart"),
    ("pairs", "/pairs", "svg.line-chart", "svg.line-chart"),
    ("network", "/network?term=Kaluma", "svg", "svg"),
    ("search", "/search?q=Hàn Quốc", "#results li", None),
    ("copies", "/copies", "main", None),
    ("api-docs", "/docs", "#swagger-ui", None),
]


@pytest.mark.parametrize(("name", "path", "present", "chart"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_clean_and_renders(page: Watched, shots: Path, name: str, path: str, present: str,
                                      chart: str | None) -> None:
    page.open(path)
    page.page.wait_for_selector(present, state="attached", timeout=15_000)
    if chart:
        assert _charts_render(page.page, chart) >= 1, f"{name}: no chart with a real size"
    page.page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.clean()


def test_story_page_shows_timeline_members_and_languages(page: Watched, shots: Path) -> None:
    page.open("/?date=2026-11-19")
    # the KR-VN supply-chain pact, told in four languages, is among the day's top stories
    links = page.page.eval_on_selector_all("a.story-link",
                                           "els => els.map(e => [e.getAttribute('href'), e.textContent])")
    story = next(href for href, text in links if "chuỗi cung ứng" in text or "supply-chain" in text)
    page.open(story)
    assert _charts_render(page.page, "svg") >= 1
    title = page.page.inner_text("h1")
    assert "chuỗi cung ứng" in title or "supply-chain" in title
    languages = set(page.page.eval_on_selector_all("main span.lang", "els => els.map(e => e.textContent.trim())"))
    assert {"en", "ko", "vi", "zh"} <= languages
    page.page.screenshot(path=str(shots / "story.png"), full_page=True)
    page.clean()


def test_search_then_click_through_to_article_and_story(page: Watched, shots: Path) -> None:
    page.open("/")
    box = page.page.locator("form.quick input[name=q]")
    box.fill("Kaluma")
    with page.page.expect_navigation():
        box.press("Enter")
    assert "/search" in page.page.url
    results = page.page.locator("#results li a").first
    results.wait_for()
    with page.page.expect_navigation():
        results.click()
    assert "/articles/" in page.page.url
    assert "Kaluma" in page.page.inner_text("main")
    page.page.screenshot(path=str(shots / "article.png"), full_page=True)
    story_link = page.page.locator("a[href^='/stories/']").first
    with page.page.expect_navigation():
        story_link.click()
    assert "/stories/" in page.page.url
    page.page.wait_for_selector("h1")
    page.clean()


def test_search_filters_by_language_in_the_form(page: Watched) -> None:
    page.open("/search")
    page.page.select_option("#search-form select[name=lang]", "ko")
    with page.page.expect_navigation():
        page.page.locator("#search-form button[type=submit]").click()
    assert "lang=ko" in page.page.url
    langs = page.page.eval_on_selector_all("#results li[data-lang]", "els => els.map(e => e.dataset.lang)")
    assert langs and set(langs) == {"ko"}
    page.clean()


def test_trend_legend_toggles_a_series(page: Watched) -> None:
    page.open("/trends?kind=entity&values=Hà Nội,Da Nang")
    assert page.page.input_value("input[name=values]") == "Hà Nội,Da Nang"  # the form keeps what was charted
    series = page.page.locator("svg.line-chart g.series").first
    assert series.is_visible()
    page.page.locator("svg.line-chart g.legend").first.click()
    assert series.evaluate("e => e.style.display") == "none"
    page.page.locator("svg.line-chart g.legend").first.click()
    assert series.evaluate("e => e.style.display") == ""
    page.clean()


def test_home_click_through_to_story_from_ranking(page: Watched) -> None:
    page.open("/?date=2026-11-19")
    with page.page.expect_navigation():
        page.page.locator("a.story-link").first.click()
    assert "/stories/" in page.page.url
    page.clean()


def test_today_says_how_many_articles_lack_a_date_and_a_new_story_is_new(page: Watched) -> None:
    """The sample holds one article without a publication date; the 18th opens stories with no day before."""
    page.open("/?date=2026-11-18")
    note = page.page.locator("#undated")
    assert note.is_visible()
    assert note.inner_text().startswith("1 article without a publication date")
    growth = page.page.locator("table.ranking tbody tr td:nth-child(6)").all_inner_texts()
    assert "new" in growth, growth
    page.clean()


def test_four_scripts_render_without_mojibake(page: Watched) -> None:
    page.open("/search?q=Hàn Quốc")
    page.open("/?date=2026-11-19")
    text = page.page.inner_text("body")
    for sample in ("Tiếng Việt", "한국어", "中文"):
        assert sample in text
    assert "Ã" not in text and "\ufffd" not in text
    page.clean()


def test_phone_width_has_no_horizontal_scroll(browser: Any, base_url: str, shots: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2)
    watched = Watched(context.new_page(), base_url)
    try:
        for path in ("/?date=2026-11-19", "/search?q=Kaluma", "/trends", "/pairs"):
            watched.open(path)
            overflow = watched.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
        watched.open("/?date=2026-11-19")
        watched.page.screenshot(path=str(shots / "home-phone.png"), full_page=True)
        watched.clean()
    finally:
        context.close()


def test_a_script_url_is_never_a_link_and_every_page_sends_a_strict_policy(browser: Any, tmp_path: Path) -> None:
    """A record whose "url" is ``javascript:`` stays text (one click once ran it); pages carry the CSP and friends,
    and the API docs' own inline script runs only because its hash is in the policy."""
    import json

    from newsradar.pipeline import Ingestor
    from newsradar.store import open_store

    record = {"id": "evil-1", "title": "A page with a script for a link", "lang": "en",
              "text": "The body of an article whose original link is a script.", "url": "javascript:alert(5)"}
    source = tmp_path / "evil.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "evil.db"
    with open_store(str(db)) as store:
        Ingestor(store, load_settings({"database_url": str(db)}, env={})).run([str(source)])
    served = serving(db)
    base = next(served)
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + "/api/articles")
        article = json.loads(page.inner_text("body"))["items"][0]["id"]
        response = page.goto(f"{base}/articles/{article}", wait_until="networkidle")
        assert response is not None and response.status == 200
        headers = response.headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
        assert page.eval_on_selector_all("a[href^='javascript'], a[href^='JAVASCRIPT']", "els => els.length") == 0
        page.click("text=javascript:alert(5)")
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'alert(6)';
                                 document.body.appendChild(s); }""")  # an injected inline script is refused
        page.wait_for_timeout(300)
        assert dialogs == []
        page.goto(base + "/docs", wait_until="networkidle")
        page.wait_for_selector(".swagger-ui .info", timeout=10_000)  # the docs' hashed inline script ran
        context.close()
    finally:
        next(served, None)
