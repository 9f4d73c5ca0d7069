"""Enrichment: the seeds' expected facts, bad input, re-runs, wire copies and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsradar.cli import app
from newsradar.enrich import Enricher, enrich_store
from newsradar.enrich.entities import entity_key
from newsradar.extract import extract_article
from newsradar.model import Article, Enrichment, RawDocument
from newsradar.pipeline import Ingestor
from newsradar.settings import Settings
from newsradar.store import ArticleFilter, Store

from .conftest import SAMPLE, SEEDS

SEED_VJA = SEEDS / "000_1f382b9703d72638.txt"
SEED_XINHUA = SEEDS / "002_198168afb775ea84.txt"
needs_seeds = pytest.mark.skipif(not SEED_VJA.is_file(), reason=f"seed files not found in {SEEDS}")


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def seed(path: Path, enricher: Enricher) -> tuple[Article, Enrichment]:
    from datetime import UTC

    article = extract_article(RawDocument(origin=path.name, kind="text", text=path.read_text()), default_tz=UTC)
    enrichment, _ = enricher.process(article)
    return article, enrichment


@needs_seeds
def test_seed_vja_visit(enricher: Enricher) -> None:
    _, e = seed(SEED_VJA, enricher)
    assert e.language == "en" and e.language_confidence > 0.9
    assert list(e.countries)[:2] == ["VN", "KR"] and e.pairs == ["KR-VN"]
    by_key = {x.key: x for x in e.entities}
    for key in ("vja", "jak", "hankook ilbo", "mbc"):
        assert by_key[key].kind == "organization", key
    assert by_key["vja"].count >= 4 and "VJA" in by_key["vja"].mentions, "acronym and full name are one entity"
    assert by_key[entity_key("Le Quoc Minh")].kind == "person"
    (quote,) = [q for q in e.quotes if q.kind == "reported"]
    assert quote.speaker == "Le Quoc Minh", "the VJA Chairman was named as Chairman Le Quoc Minh"
    assert quote.text.startswith("access to modern journalism trends")
    assert {"media", "diplomacy"} <= {t for t, _ in e.topics}


@needs_seeds
def test_seed_xinhua_dialogue(enricher: Enricher) -> None:
    _, e = seed(SEED_XINHUA, enricher)
    assert list(e.countries) == ["CN", "KR"] and e.pairs == ["CN-KR"]
    people = {x.name for x in e.entities if x.kind == "person"}
    assert "Jeon Byung-geuk" in people
    speakers = {q.speaker: q.text for q in e.quotes}
    assert speakers["Jeon Byung-geuk"].startswith("the media of the two countries would deliver the right messages")
    official = next(s for s in speakers if s and s.startswith("Publicity Department"))
    assert speakers[official].startswith("the media of the two countries would strengthen exchanges")


def test_a_quotation_of_two_sentences_is_one_quote_with_its_speaker(enricher: Enricher) -> None:
    body = ("Officials began moving residents on Tuesday.\n\n“We will not wait until the wind picks up. Every "
            "household in a danger zone must be moved by 3 p.m. today,” said Le Trung Kien, Chairman of the "
            "Da Nang People's Committee.")
    e, _ = enricher.process(Article(id="two", title="Da Nang evacuates", body=body, origin="t", language="en"))
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert quote.text.startswith("We will not wait") and quote.text.endswith("by 3 p.m. today")
    assert quote.speaker == "Le Trung Kien"


@pytest.mark.parametrize(
    ("title", "body", "skipped"),
    [
        ("ข่าวเศรษฐกิจไทย", "ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละสอง " * 3, "entities"),
        ("أخبار", "أعلنت الحكومة عن خطة جديدة للنقل العام في المدينة " * 3, "entities"),
        ("🎉🎉🎉", "🔥🔥 👍👍 🎉", "language"),
        ("2026", "| 1 | 2 | 3 |\n| 4.5 | 6.7 | 8.9 |", "language"),
        ("Only a headline about Seoul and Hanoi", "", "quotes"),
    ],
)
def test_unknown_scripts_and_empty_bodies_record_why(enricher: Enricher, title: str, body: str, skipped: str) -> None:
    e, _ = enricher.process(Article(id="x", title=title, body=body, origin="x"))
    assert skipped in e.skipped, e.skipped


def test_huge_and_mixed_bodies(enricher: Enricher) -> None:
    huge = "Seoul and Hanoi signed a media accord on Tuesday, officials said. " * 80_000  # ~5 MB
    e, _ = enricher.process(Article(id="h", title="Accord", body=huge, origin="h"))
    assert e.language == "en" and "size" in e.skipped and e.countries.get("KR") is None
    mixed = "한국과 베트남 언론인들이 서울에서 만났다. " * 5
    mixed += "The Journalists Association of Korea hosted the talks. " * 5
    m, _ = enricher.process(Article(id="m", title="한-베 언론 교류", body=mixed, origin="m"))
    assert m.language == "ko" and "en" in m.other_languages


def _sample_store(store: Store, settings: Settings) -> None:
    Ingestor(store, settings).run([str(SAMPLE / name) for name in ("dumps", "html", "jsonl", "feeds.opml")])


def test_enrich_store_finds_wire_copies_and_reruns_cleanly(store: Store, settings: Settings) -> None:
    _sample_store(store, settings)
    first = enrich_store(store)
    assert first.articles == 53
    assert enrich_store(store).articles == 0, "nothing new: nothing to do"
    gold = json.loads((Path(__file__).parent / "gold" / "sample_stories.json").read_text())
    titles = {a.title: a for a in store.list_articles(ArticleFilter(limit=None))}
    for group in gold["wire_copies"]:
        group_ids = {store.copy_group_of(titles[t].id) for t in group}
        assert len(group_ids) == 1 and None not in group_ids, group
        members = store.copy_group(group_ids.pop())  # type: ignore[arg-type]
        assert members[0][0].title == group[0], "the agency's own version was published first"
    all_groups = {store.copy_group_of(a.id) for a in titles.values()} - {None}
    assert len(all_groups) == len(gold["wire_copies"]), "no false wire-copy groups in the sample"
    again = enrich_store(store, everything=True)
    assert again.articles == 53
    article = store.get_article(titles[gold["wire_copies"][0][0]].id)
    assert article is not None and article.enrichment is not None and article.language == "en"
    assert article.enrichment.keywords and article.enrichment.entities


def test_a_headline_too_short_to_sign_still_finds_its_exact_copies(store: Store, settings: Settings,
                                                                  tmp_path: Path) -> None:
    """A Korean headline has too few shingles for a Jaccard estimate (it used to be skipped, which
    cost 8% of the exact copies in the benchmark): its identical copies are found, a look-alike is not."""
    headline = "터키 IS 포로 송환 시작…미국인 1명 추방"
    rows = [{"id": "k1", "title": headline, "source": "연합뉴스", "lang": "ko", "published": "2026-11-18T09:00:00Z"},
            {"id": "k2", "title": headline, "source": "뉴스1", "lang": "ko", "published": "2026-11-18T10:00:00Z"},
            {"id": "k3", "title": "터키 IS 포로 송환 시작…독일인 2명 추방", "source": "뉴시스", "lang": "ko",
             "published": "2026-11-18T11:00:00Z"}]
    dump = tmp_path / "headlines.jsonl"
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    Ingestor(store, settings).run([str(dump)])
    assert enrich_store(store).copies == 1
    ids = {a.external_id: a.id for a in store.list_articles(ArticleFilter(limit=None))}
    group = store.copy_group_of(ids["k2"])
    assert group is not None and group == store.copy_group_of(ids["k1"])
    assert store.copy_group_of(ids["k3"]) is None
    enrich_store(store, everything=True)
    assert store.copy_group_of(ids["k1"]) == store.copy_group_of(ids["k2"]) is not None, "a re-run keeps them together"
    assert store.copy_group_of(ids["k3"]) is None


def test_cli_enrich_show_and_copies(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "e.db")
    assert runner.invoke(app, ["ingest", str(SAMPLE / "jsonl"), str(SAMPLE / "html"), "--db", db, "-q"]).exit_code == 0
    result = runner.invoke(app, ["enrich", "--db", db, "-q"])
    assert result.exit_code == 0 and "articles enriched" in result.output
    rows = json.loads(runner.invoke(app, ["articles", "--db", db, "--json", "-q", "Kaluma", "--limit", "1"]).stdout)
    assert rows[0]["enrichment"]["language"] == "en"
    shown = runner.invoke(app, ["show", rows[0]["id"], "--db", db])
    assert "enrichment" in shown.stdout and "countries" in shown.stdout
    copies = json.loads(runner.invoke(app, ["copies", rows[0]["id"], "--db", db, "--json"]).stdout)
    assert copies["group"] and len(copies["members"]) >= 2


def test_a_declared_language_is_kept_without_the_statistical_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The source's language stands; the scripts still tell which other languages the text holds."""
    from newsradar.enrich.language import LanguageIdentifier

    identifier = LanguageIdentifier()
    english = "The council met on Monday and agreed a new budget for the city's schools and hospitals."
    assert identifier.identify(english).language == "en"  # the model, when nothing is declared

    def no_model(self: LanguageIdentifier) -> None:
        raise AssertionError("the model was asked although the language was declared")

    monkeypatch.setattr(LanguageIdentifier, "_identifier", no_model)
    guess = identifier.identify(english, known="en")
    assert (guess.language, guess.confidence, guess.others) == ("en", 1.0, [])
    mixed = identifier.identify("서울시는 월요일 새 정책을 발표했다. 한국 대표가 참석했다. 베트남 대표도 왔다. " * 2
                                + "Đại diện Việt Nam phát biểu tại hội nghị về hợp tác báo chí", known="ko")
    assert mixed.language == "ko" and mixed.others == ["vi"]


def test_an_anonymised_person_is_no_entity(enricher: Enricher) -> None:
    body = ("서울 서초경찰서는 20일 A씨를 폭행 혐의로 입건했다고 밝혔다. A씨는 지난 18일 B씨를 때린 혐의를 받는다. "
            "김민수 서초경찰서장은 \"철저히 수사하겠다\"고 말했다.")
    e, _ = enricher.process(Article(id="anon", title="경찰, 폭행 혐의 A씨 입건", body=body, origin="t", language="ko"))
    names = {x.name for x in e.entities if x.kind == "person"}
    assert not names & {"A", "B", "A씨", "B씨"}, names


def test_role_holders_match_every_title_in_list_order() -> None:
    """A name's titles are found by length look-ups; the roles come out as the title-by-title scan gave them:
    every title before or after the name (a longer one and the shorter one it ends with), in the list's order,
    the first person a role was given to keeping it."""
    from types import SimpleNamespace

    from newsradar.enrich.quotes import _role_holders
    from newsradar.lang import resources
    from newsradar.model import Entity

    text = "Phó Chủ tịch Nguyễn Văn An gặp Bộ trưởng Trần Thị Bình và ông Lê Văn Cường Giám đốc Sở Y tế."
    people = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    spans = [(text.index(n), text.index(n) + len(n), Entity(name=n, kind="person", key=n, mentions=[n], count=1))
             for n in people]

    def scanned(module: object) -> dict[str, Entity]:  # the scan the look-ups replaced
        roles: dict[str, Entity] = {}
        for start, end, entity in spans:
            before, after = text[max(0, start - 30) : start], text[end : end + 12]
            for title in getattr(module, "PERSON_TITLES", ()):
                if len(title) > 2 and (before.rstrip().endswith(title) or after.lstrip().startswith(title)):
                    roles.setdefault(title.lower(), entity)
        return roles

    roles = _role_holders(text, spans, resources("vi"))
    assert roles["phó chủ tịch"].name == "Nguyễn Văn An"
    assert roles["chủ tịch"].name == "Nguyễn Văn An"  # "Phó Chủ tịch" ends with "Chủ tịch": the first holder keeps it
    assert roles["bộ trưởng"].name == "Trần Thị Bình"
    assert roles["ông"].name == "Lê Văn Cường"
    assert roles["giám đốc"].name == "Lê Văn Cường"  # a title after the name
    assert list(roles.items()) == list(scanned(resources("vi")).items())
    assert _role_holders(text, spans, SimpleNamespace()) == {}
