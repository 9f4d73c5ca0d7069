"""Search results carry a highlighted snippet (vi, ko, zh, en; never unescaped), and charts fit their data and labels.

The snippet tests run on a small store of one article per language (SQLite, or PostgreSQL in that
run); the browser tests drive Debian's headless Chromium like tests/test_dashboard.py does.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsradar.model import Article, article_id
from newsradar.settings import load_settings
from newsradar.store import ArticleFilter, fulltext, open_store
from newsradar.trends import charts, views

from .servers import serving

FILLER_EN = "Markets were calm and officials said little more about the weather on the coast. " * 8

CORPUS = {
    "vi": ("Thủ tướng tiếp Đại sứ",
           "Chiều 23/11, tại trụ sở Chính phủ, Thủ tướng Phạm Minh Chính đã tiếp ông Choi Young-sam. " * 4
           + "Thủ tướng đề nghị Hàn Quốc tiếp tục mở rộng đầu tư vào Việt Nam trong lĩnh vực bán dẫn."),
    "ko": ("한-베 경제 협력",
           "서울에서 열린 회의에서 양국 장관들은 공급망 문제를 오랫동안 논의했다. " * 6
           + "정부는 베트남과 반도체 협력을 확대하기로 했다."),
    "zh": ("中越合作",
           "新华社北京11月23日电 双方同意加强经贸合作，推动各领域务实合作取得更多成果。" * 5
           + "中国和越南领导人在北京举行会谈。"),
    "en": ("Leaders meet", FILLER_EN + "The President met business leaders in Hanoi on Tuesday to discuss chips."),
}
#: (language, query, the marked text the snippet must show)
CASES = [
    ("vi", "hàn quốc", "<mark>Hàn Quốc</mark>"),
    ("ko", "베트남", "<mark>베트남</mark>과"),
    ("zh", "越南", "和<mark>越南</mark>领导人"),
    ("en", "hanoi", "in <mark>Hanoi</mark> on"),
]
SCRIPT_BODY = ("Officials gathered for the harbour summit. <script>window.__pwned = 1</script> "
               "<b>bold</b> & \"quoted\" text closes the summit report.")


def _article(lang: str, title: str, body: str, month: int = 11) -> Article:
    return Article(id=article_id(url=None, title=title, body=body, source=f"Wire {lang}"), title=title, body=body,
                   origin=f"test://{lang}/{title}", source=f"Wire {lang}", language=lang,
                   published=datetime(2026, month, 23, 2, 0, tzinfo=UTC), published_raw="2026-11-23")


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snippets") / "corpus.db"
    with open_store(str(path)) as store:
        store.write_batch([*(_article(lang, t, b) for lang, (t, b) in CORPUS.items()),
                           _article("en", "Harbour summit", SCRIPT_BODY)])
    return path


def _only_marks(html: str) -> bool:
    return all(tag in ("<mark>", "</mark>") for tag in re.findall(r"<[^>]*>", html))


# -- snippets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "query", "marked"), CASES)
def test_a_hit_carries_a_short_snippet_with_the_query_marked(corpus_db: Path, lang: str, query: str,
                                                             marked: str) -> None:
    with open_store(str(corpus_db)) as store:
        hits = store.list_articles(ArticleFilter(query=query, limit=10))
    assert [a.language for a in hits] == [lang]
    brief = views.article_brief(hits[0], query)
    assert marked in brief["snippet_html"]
    assert _only_marks(brief["snippet_html"])
    assert 40 <= len(brief["snippet"]) <= 200, brief["snippet"]
    assert brief["snippet"].startswith("…")  # the match is deep in the body: the snippet is cut around it
    # The offsets point at the marked words of the plain snippet.
    inner = re.sub(r"</?mark>", "", marked.split("<mark>")[1].split("</mark>")[0])
    assert next(brief["snippet"][a:b] for a, b in brief["highlights"]) == inner


def test_a_decomposed_vietnamese_text_is_marked_like_a_composed_one() -> None:
    body = unicodedata.normalize("NFD", "Thủ tướng tiếp Đại sứ Hàn Quốc tại Hà Nội.")
    text, marks = fulltext.snippet(body, "hàn quốc")
    assert len(marks) == 1
    assert unicodedata.normalize("NFC", text[marks[0][0]:marks[0][1]]) == "Hàn Quốc"


def test_excluded_words_are_not_marked_and_a_title_only_hit_shows_the_lead() -> None:
    text, marks = fulltext.snippet("Hanoi and Seoul agreed. Hanoi wins.", "hanoi -seoul")
    assert [text[a:b] for a, b in marks] == ["Hanoi", "Hanoi"]
    text, marks = fulltext.snippet("Nothing about it here.", "hanoi")
    assert (text, marks) == ("Nothing about it here.", [])


def test_article_text_is_escaped_in_the_snippet(corpus_db: Path) -> None:
    with open_store(str(corpus_db)) as store:
        (hit,) = store.list_articles(ArticleFilter(query="summit", limit=10))
    brief = views.article_brief(hit, "summit")
    html = brief["snippet_html"]
    assert "<script" not in html and "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;" in html
    assert html.count("<mark>summit</mark>") == 2 and _only_marks(html)
    assert "<script>window.__pwned = 1</script>" in brief["snippet"]  # the plain text stays the text
    assert _only_marks(fulltext.snippet_html("<mark>x</mark> <i>", [(0, 6)]))


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> Iterator[Any]:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsradar.web import create_app

    with TestClient(create_app(load_settings({"database_url": str(corpus_db)}, env={}))) as c:
        yield c


@pytest.mark.parametrize(("lang", "query", "marked"), CASES)
def test_the_api_listing_gives_snippet_offsets_and_safe_html(client: Any, lang: str, query: str,
                                                             marked: str) -> None:
    (item,) = client.get("/api/articles", params={"q": query}).json()["items"]
    assert item["language"] == lang
    text = item["snippet"]
    assert item["highlights"] and all(0 <= a < b <= len(text) for a, b in item["highlights"])
    shown = "".join(f"[{text[a:b]}]" for a, b in item["highlights"])
    assert re.sub(r"</?mark>", "", marked.split("<mark>")[1].split("</mark>")[0]) in shown
    assert marked in item["snippet_html"]
    assert "snippet" not in client.get("/api/articles").json()["items"][0]  # no query, no snippet


def test_the_search_page_marks_the_terms_and_escapes_the_text(client: Any) -> None:
    page = client.get("/search", params={"q": "summit"}).text
    assert '<p class="snippet">' in page and "<mark>summit</mark>" in page
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
    page = client.get("/search", params={"q": "越南"}).text
    assert "和<mark>越南</mark>领导人" in page


# -- charts ---------------------------------------------------------------------------------------


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[str]:
    (y, m), out = first, []
    while (y, m) <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def test_a_line_chart_runs_from_the_first_to_the_last_bucket_with_data() -> None:
    months = _months((2022, 11), (2026, 12))
    counts = {"2025-09": 4, "2025-11": 2, "2026-02": 7}
    svg = charts.line_chart([{"label": "semiconductor", "points": [(k, counts.get(k, 0)) for k in months]},
                             {"label": "chips", "points": [(k, 1 if k == "2025-10" else 0) for k in months]}])
    points = re.findall(r"<title>[^<]* (\d{4}-\d\d): ", svg)
    assert points[0] == "2025-09" and points[-1] == "2026-02"
    assert "2025-12" in points  # an empty month inside the data stays
    assert "2022-11" not in svg and "2026-12" not in svg and "2026-03" not in svg
    ticks = re.findall(r'<text class="tick" x="[\d.]+"[^>]*>([^<]+)</text>', svg)
    assert ticks[0] == "2025-09" and ticks[-1] == "2026-02"


def test_line_and_bar_charts_leave_room_for_their_labels() -> None:
    width = 760
    svg = charts.line_chart([{"label": "x", "points": [("2026-11-20T13", 12_500_000), ("2026-11-23T14", 3)]}],
                            width=width)
    ticks = [(float(x), t) for x, t in re.findall(r'<text class="tick" x="([\d.]+)"[^>]*>([^<]+)</text>', svg)]
    half = 0.7 * 11 * len("2026-11-23T14") / 2  # every character as wide as a digit
    assert ticks[0][0] - half >= 0 and ticks[-1][0] + half <= width
    axis = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end" fill="#6b7280">([^<]+)</text>', svg)
    assert all(float(x) >= 0.7 * 11 * len(t) for x, t in axis), axis  # "12,500,000" fits left of the axis
    name = "베트남-한국 반도체 공급망 협력 확대 합의 발표"[:24]
    bars = charts.bar_chart([(name, 9), ("short", 3)], width=560)
    x = float(re.search(r'<text x="([\d.]+)"[^>]*text-anchor="end">', bars).group(1))  # type: ignore[union-attr]
    shown = re.search(r'text-anchor="end">([^<]+)</text>', bars).group(1)  # type: ignore[union-attr]
    wide = sum(1.0 if unicodedata.east_asian_width(c) == "W" else 0.6 for c in shown) * 11
    assert x >= wide, (x, shown)  # the name, drawn right-aligned at x, starts inside the chart


# -- in Chromium ----------------------------------------------------------------------------------

CHROMIUM = os.environ.get("NEWSRADAR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        yield context.new_page()
        browser.close()


@pytest.fixture(scope="module")
def corpus_url(corpus_db: Path) -> Iterator[str]:
    yield from serving(corpus_db)


@pytest.fixture(scope="module")
def sample_url(sample_db: Path) -> Iterator[str]:
    yield from serving(sample_db)


@needs_chromium
@pytest.mark.parametrize("query", ["summit", *(q for _, q, _ in CASES)])
def test_chromium_shows_the_marked_terms_and_never_runs_article_text(browser_page: Any, corpus_url: str,
                                                                     query: str) -> None:
    page = browser_page
    page.goto(f"{corpus_url}/search?q={query}", wait_until="networkidle")
    mark = page.locator("#results mark").first
    assert mark.is_visible()
    box = mark.bounding_box()
    assert box and box["width"] > 5 and box["height"] > 5
    assert page.evaluate("getComputedStyle(document.querySelector('#results mark')).backgroundColor") \
        not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.evaluate("window.__pwned") is None
    if query == "summit":
        assert "<script>window.__pwned = 1</script>" in page.locator("#results p.snippet").first.inner_text()


@needs_chromium
def test_chromium_search_filters_show_their_whole_placeholder(browser_page: Any, corpus_url: str) -> None:
    page = browser_page
    page.goto(f"{corpus_url}/search", wait_until="networkidle")
    cut = page.evaluate("""() => {
        const ctx = document.createElement('canvas').getContext('2d');
        const inputs = document.querySelectorAll('#search-form input[placeholder], form.quick input[placeholder]');
        return [...inputs].flatMap(el => {
            const cs = getComputedStyle(el);
            ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
            const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            const need = ctx.measureText(el.placeholder).width;
            return need > room ? [`${el.name}: ${need.toFixed(0)} > ${room.toFixed(0)}`] : [];
        });
    }""")
    assert not cut, cut


def _clipped_labels(page: Any) -> list[str]:
    """Every text of every chart whose box falls outside its SVG's box (1px tolerance)."""
    return page.evaluate("""() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
        const outer = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text')].flatMap(t => {
            const r = t.getBoundingClientRect();
            const out = r.left < outer.left - 1 || r.right > outer.right + 1 ||
                        r.top < outer.top - 1 || r.bottom > outer.bottom + 1;
            return out ? [`${t.textContent} [${r.left.toFixed(0)}..${r.right.toFixed(0)}] outside ` +
                          `[${outer.left.toFixed(0)}..${outer.right.toFixed(0)}]`] : [];
        });
    })""")


@needs_chromium
@pytest.mark.parametrize("path", ["/trends", "/trends?kind=country", "/trends?kind=topic&bucket=day",
                                  "/trends?kind=entity&measure=share"])
def test_chromium_trend_charts_start_at_data_and_cut_no_label(browser_page: Any, sample_url: str,
                                                              path: str) -> None:
    page = browser_page
    page.goto(sample_url + path, wait_until="networkidle")
    assert page.locator("svg.line-chart g.series circle").count() >= 1
    assert not _clipped_labels(page)
    # The chart's first and last points hold data: no run of empty buckets at either end.
    titles = page.eval_on_selector_all("svg.line-chart g.series circle title", "els => els.map(e => e.textContent)")
    keys = list(dict.fromkeys(re.search(r" (\S+): ", t).group(1) for t in titles))  # type: ignore[union-attr]
    filled = {re.search(r" (\S+): ", t).group(1) for t in titles  # type: ignore[union-attr]
              if not re.search(r": 0(\.0)?%?$", t)}
    assert keys[0] in filled and keys[-1] in filled, (keys[:3], keys[-3:])


@needs_chromium
def test_chromium_briefing_and_story_charts_cut_no_label(browser_page: Any) -> None:
    """The briefing's bar charts (story titles cut at 24 characters, any script), a story timeline with
    long outlet names and a line chart with long buckets and big values, drawn as the pages draw them."""
    titles = ["베트남-한국 반도체 공급망 협력 확대 합의 발표 예정",
              "中国和越南领导人在北京举行会谈双方同意加强经贸合作",
              "Thủ tướng Phạm Minh Chính tiếp Đại sứ Hàn Quốc", "WASHINGTON, Nov. 23 (Xinhua) -- U.S. officials"]
    svgs = [charts.bar_chart([(t[:24], 40 - i) for i, t in enumerate(titles)], width=560, label="top stories"),
            charts.bar_chart([("Hàn Quốc–Việt Nam", 12), ("中国–越南", 3)], label="country pairs"),
            charts.story_timeline([{"id": f"a{i}", "published": f"2026-11-2{i}T0{i}:00:00+00:00", "source": t,
                                    "language": "ko", "title": t} for i, t in enumerate(titles)]),
            charts.line_chart([{"label": "x", "points": [("2026-11-20T13", 12_500_000), ("2026-11-23T14", 3)]}])]
    browser_page.set_content("<!doctype html><meta charset=utf-8><body style='margin:0'>"
                             + "".join(f"<div>{svg}</div>" for svg in svgs) + "</body>")
    assert browser_page.locator("svg.chart").count() == len(svgs)
    assert not _clipped_labels(browser_page)
