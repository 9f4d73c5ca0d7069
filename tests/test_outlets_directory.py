"""The outlet directory: registry aliases, domains, country-code endings, precedence, records in the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsradar.outlets import UNKNOWN_OUTLET, Outlet, OutletDirectory, outlet_directory
from newsradar.outlets.declared import country_code, declared_outlet, outlet_kind
from newsradar.outlets.registry import cctld_country, domain_name, host_of, registry
from newsradar.pipeline import Ingestor
from newsradar.settings import load_settings
from newsradar.store import Store


def directory(sources: dict[str, str | None], records: list[Outlet] | None = None) -> OutletDirectory:
    return OutletDirectory(records or [], sources)


@pytest.mark.parametrize(("names", "outlet", "country", "kind"), [
    (["VNA", "Vietnam News Agency", "TTXVN", "Thông tấn xã Việt Nam", "越通社", "ttxvn"], "VNA", "VN", "agency"),
    (["Xinhua", "新华社", "新華社", "Xinhua News Agency"], "Xinhua", "CN", "agency"),
    (["Yonhap", "연합뉴스", "Yonhap News Agency"], "Yonhap", "KR", "agency"),
    (["News1", "뉴스1"], "News1", "KR", "agency"),
    (["Newsis", "뉴시스"], "Newsis", "KR", "agency"),
    (["Tuổi Trẻ", "Tuoi Tre", "tuoi tre"], "Tuổi Trẻ", "VN", "newspaper"),
    (["People's Daily", "人民日报", "人民网", "People's Daily Online"], "People's Daily", "CN", "newspaper"),
    (["CCTV", "央视", "央视新闻"], "CCTV", "CN", "broadcaster"),
    (["Sina", "新浪"], "Sina", "CN", "portal"),
    (["BBC News", "BBC"], "BBC News", "GB", "broadcaster"),
    (["Reuters"], "Reuters", "GB", "agency"),
    (["Kyodo", "共同社"], "Kyodo", "JP", "agency"),
    (["Naver", "네이버"], "Naver News", "KR", "aggregator"),
    (["baomoi.com", "Báo Mới"], "Báo Mới", "VN", "aggregator"),
])
def test_aliases_make_one_outlet(names: list[str], outlet: str, country: str, kind: str) -> None:
    found = directory({n: None for n in names})
    outlets = [(o, sources) for o, sources in found.outlets()]
    assert len(outlets) == 1, outlets
    only, sources = outlets[0]
    assert (only.name, only.country, only.kind, only.origin) == (outlet, country, kind, "registry")
    assert sorted(sources) == sorted(names)


def test_an_agency_alias_that_is_its_own_outlet_stays_with_it() -> None:
    # "VietnamPlus" signs VNA copy (lang.agencies), but it is an outlet of its own in the registry
    found = directory({"VietnamPlus": None, "VNA": None})
    assert found.outlet_of("VietnamPlus").name == "VietnamPlus"
    assert "VietnamPlus" not in found.outlet_of("VNA").aliases


def test_registry_takes_the_agency_tables_aliases() -> None:
    vna = next(e for e in registry() if e.name == "VNA")
    assert {"TTXVN", "Vietnam News Agency", "越通社", "베트남통신"} <= set(vna.aliases)
    # the Korean wire module's outlets are Korean even without a TOML entry
    assert next(e for e in registry() if e.name == "Edaily").country == "KR"


def test_domains_from_the_source_name_or_its_urls() -> None:
    found = directory({"www.sohu.com": None, "Some desk": "https://e.vnexpress.net/news/x", "news.cn.yahoo.com": None,
                       "yahoo.com": None})
    assert found.outlet_of("www.sohu.com").name == "Sohu"
    assert found.outlet_of("Some desk").name == "VnExpress"
    # the longest registered domain wins: cn.yahoo.com (Yahoo China), not yahoo.com
    assert (found.outlet_of("news.cn.yahoo.com").name, found.country_of("news.cn.yahoo.com")) == ("Yahoo China", "CN")
    assert found.country_of("yahoo.com") is None


def test_country_code_endings() -> None:
    found = directory({"www.nbd.com.cn": None, "Busan Daily": "https://www.busan.co.kr/a/1", "Example": "https://ex.com/",
                       "London Paper": "https://paper.co.uk/x"})
    assert (found.country_of("www.nbd.com.cn"), found.outlet_of("www.nbd.com.cn").origin) == ("CN", "domain")
    assert found.outlet_of("Busan Daily") == Outlet("Busan Daily", "KR", None, (), ("busan.co.kr",), (), "domain")
    assert found.country_of("London Paper") == "GB"
    assert found.outlet_of("Example").origin == "unknown" and found.country_of("Example") is None
    assert [cctld_country(h) for h in ("dantri.com.vn", "x.tv", "a.jp", "b.com")] == ["VN", None, "JP", None]
    assert host_of("https://WWW.Example.COM:8080/a") == "example.com" and host_of("not a url") is None
    assert domain_name("www.sohu.com") == "sohu.com" and domain_name("Seoul Herald") is None


def test_an_outlet_writing_only_korean_or_vietnamese_is_from_there() -> None:
    languages = {"마이데일리": {"ko"}, "Tin Nhanh": {"vi"}, "Mixed Wire": {"ko", "en"}, "Hua Bao": {"zh"},
                 "Busan Daily": {"vi"}, "Yonhap": {"en"}}
    found = OutletDirectory([], {name: None for name in languages} | {"Busan Daily": "https://www.busan.co.kr/a"},
                            languages)
    assert (found.country_of("마이데일리"), found.outlet_of("마이데일리").origin) == ("KR", "language")
    assert (found.country_of("Tin Nhanh"), found.outlet_of("Tin Nhanh").origin) == ("VN", "language")
    assert found.country_of("Mixed Wire") is None, "two languages say nothing"
    assert found.country_of("Hua Bao") is None, "Chinese is written in several countries"
    assert found.outlet_of("Busan Daily").origin == "domain" and found.country_of("Busan Daily") == "KR"
    assert found.outlet_of("Yonhap").origin == "registry", "the registry outranks the language"


def test_precedence_user_over_input_over_registry_over_domain() -> None:
    sources = {"VNA": None, "dantri.com.vn": None, "Hanoi Paper": "https://hanoi.example.vn/x"}
    plain = directory(sources)
    assert (plain.country_of("Hanoi Paper"), plain.outlet_of("Hanoi Paper").origin) == ("VN", "domain")
    given = [Outlet("Hanoi Paper", "KR", "newspaper", origin="input"), Outlet("VNA", "FR", None, origin="input")]
    layered = directory(sources, given)
    assert (layered.country_of("Hanoi Paper"), layered.outlet_of("Hanoi Paper").origin) == ("KR", "input")
    assert (layered.country_of("VNA"), layered.outlet_of("VNA").kind) == ("FR", "agency")  # input over registry
    user = [*given, Outlet("Hanoi Paper", "JP", None, origin="user"), Outlet("TTXVN", "US", "portal", origin="user")]
    top = directory(sources, user)
    assert (top.country_of("Hanoi Paper"), top.outlet_of("Hanoi Paper").origin) == ("JP", "user")
    assert top.outlet_of("Hanoi Paper").kind == "newspaper"  # the user left the kind: the input's stands
    # a record under an alias edits the outlet it names
    assert (top.outlet_of("VNA").name, top.country_of("VNA"), top.outlet_of("VNA").kind) == ("VNA", "US", "portal")


def test_user_aliases_gather_sources() -> None:
    records = [Outlet("Asia Wire", "SG", "agency", aliases=("AW", "Asia Wire Service"), domains=("asiawire.example",),
                      origin="user")]
    found = directory({"Asia Wire": None, "AW": None, "Desk 3": "https://asiawire.example/a"}, records)
    [(outlet, sources)] = found.outlets()
    assert (outlet.name, outlet.country, sorted(sources)) == ("Asia Wire", "SG", ["AW", "Asia Wire", "Desk 3"])
    assert found.sources_of("sg") == ["AW", "Asia Wire", "Desk 3"]


def test_missing_outlet_is_shown_one_way() -> None:
    found = directory({"": None, "VNA": None})
    assert found.outlet_of(None).name == found.outlet_of("").name == found.outlet_of("  ").name == UNKNOWN_OUTLET
    assert found.outlets()[-1] == (found.outlet_of(None), [""])


def test_aggregated_articles_count_under_the_outlet_they_name() -> None:
    found = directory({"baomoi.com": None, "Saigon Times": None})
    assert found.outlet_of_article("baomoi.com", "Tuoi Tre").name == "Tuổi Trẻ"
    assert found.outlet_of_article("baomoi.com", "TTXVN").name == "VNA"
    assert found.outlet_of_article("baomoi.com", None).name == "Báo Mới"
    assert found.outlet_of_article("Saigon Times", "VNA").name == "Saigon Times"  # not an aggregator: its own copy


def test_declared_fields() -> None:
    assert [country_code(v) for v in ("kr", "KR", "South Korea", "Hàn Quốc", "XX", "Narnia", 3)] == \
        ["KR", "KR", "KR", "KR", None, None, None]
    assert [outlet_kind(v) for v in ("Agency", "news agency", "blog", None)] == ["agency", "agency", None, None]
    assert declared_outlet("Busan Ilbo", {"outlet_country": "KR", "outlet_kind": "newspaper"}) == \
        Outlet("Busan Ilbo", "KR", "newspaper", origin="input")
    assert declared_outlet("Busan Ilbo", {"other": 1}) is None
    assert declared_outlet(None, {"outlet_country": "KR"}) is None


def test_records_round_trip_in_the_store(store: Store) -> None:
    before = store.data_version()
    store.save_outlet(Outlet("Asia Wire", "SG", "agency", ("en",), ("asiawire.example",), ("AW",), "user"))
    assert store.data_version() != before
    assert store.outlet_records() == [Outlet("Asia Wire", "SG", "agency", ("en",), ("asiawire.example",), ("AW",),
                                             "user")]
    # an input's record is kept apart from the user's (which wins); it merges what later inputs leave out
    assert store.record_input_outlets([Outlet("Asia Wire", "HK", None, origin="input")]) == 1
    assert store.record_input_outlets([Outlet("Busan Ilbo", "KR", None, origin="input")]) == 1
    assert store.record_input_outlets([Outlet("Busan Ilbo", None, "newspaper", origin="input")]) == 1
    assert store.record_input_outlets([Outlet("Busan Ilbo", None, "newspaper", origin="input")]) == 0
    assert [(r.name, r.origin) for r in store.outlet_records()] == [("Asia Wire", "user"), ("Asia Wire", "input"),
                                                                      ("Busan Ilbo", "input")]
    assert store.outlet_records()[2] == Outlet("Busan Ilbo", "KR", "newspaper", origin="input")
    assert outlet_directory(store).country_of("Asia Wire") == "SG"  # the user's record wins
    assert store.delete_outlet("Asia Wire") and not store.delete_outlet("Asia Wire")
    assert not store.delete_outlet("Busan Ilbo")  # only a user's record is deleted
    assert outlet_directory(store).country_of("Asia Wire") == "HK"
    assert [r.name for r in store.outlet_records()] == ["Asia Wire", "Busan Ilbo"]


def test_ingest_records_what_the_input_declares(store: Store, tmp_path: Path) -> None:
    records = [
        {"title": "Busan port volumes rise", "body": "Volumes rose 5 percent.", "source": "Busan Ilbo",
         "outlet_country": "KR", "outlet_kind": "newspaper", "url": "https://busan.example/a",
         "published": "2026-11-18T09:00:00+09:00"},
        {"title": "Typhoon nears", "body": "A typhoon nears the coast.", "source": "VNA", "source_country": "Viet Nam",
         "published": "2026-11-18T09:00:00+07:00"},
        {"title": "No country", "body": "Text.", "source": "Quiet Paper", "outlet_country": "Atlantis"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    store.save_outlet(Outlet("VNA", "VN", "agency", origin="user"))
    Ingestor(store, load_settings(env={})).run([str(path)])
    assert [(r.name, r.country, r.kind, r.origin) for r in store.outlet_records()] == [
        ("Busan Ilbo", "KR", "newspaper", "input"), ("VNA", "VN", "agency", "user"), ("VNA", "VN", None, "input")]
    assert outlet_directory(store).country_of("VNA") == "VN"  # the user's record beats the input's
    found = outlet_directory(store)
    assert (found.country_of("Busan Ilbo"), found.outlet_of("Busan Ilbo").origin) == ("KR", "input")
    assert found.outlet_of("Busan Ilbo").domains == ("busan.example",)
    assert found.country_of("Quiet Paper") is None
    assert sorted(s for _, sources in found.outlets() for s in sources) == ["Busan Ilbo", "Quiet Paper", "VNA"]
