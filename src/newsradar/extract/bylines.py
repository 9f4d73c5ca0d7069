"""Agency bylines, datelines and sign-offs at the edges of an article's body.

Wire copy says who filed it before the first sentence and signs it after the
last one:

- Korean: ``(서울=연합뉴스) 김민수 기자 =``, ``[서울=뉴시스]김민수 기자 =``,
  ``(세종=뉴스1) 김민수 기자 =``, ``[세종=이데일리 김형욱 기자]``, ``[헤럴드경제=박병국 기자]``;
- Chinese: ``新华社北京11月20日电（记者 张伟）``, ``中新网北京11月20日电 (记者 张伟)``, ``本报首尔11月18日电``;
- Vietnamese and English: ``Hà Nội, 18/11 (TTXVN) -``, ``(TTXVN) -``, ``Hà Nội (PV) -``, ``PV -``,
  ``BEIJING, Nov. 23 (Xinhua) --``; closing ``Mỹ Bình (TTXVN)``, ``Theo TTXVN``, ``(PV)``, ``VNA``.

:func:`take_leading` and :func:`take_signoff` read them into a :class:`Byline`
(agency under its canonical name, dateline, reporter) and take them out of the
paragraphs.  The words (agency names, reporter titles, staff marks) are data in
:mod:`newsradar.lang.agencies` and the ``wire_*`` language modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..lang import wire_ko, wire_vi, wire_zh
from ..lang.agencies import all_aliases, canonical_agency

#: How many leading paragraphs may hold the byline: sub-headlines often come first
#: ("최 부상, 행선지·방문 목적 질문에는 '묵묵부답'" then "(베이징=연합뉴스) 김진방 특파원 = ...").
LOOKAHEAD = 4
#: A paragraph longer than this before the byline is article text: stop looking.
SUBHEAD_MAX = 150


@dataclass(slots=True)
class Byline:
    """What a byline or sign-off said; ``agency`` is ``None`` for the outlet's own staff (``(PV)``, ``本报``)."""

    agency: str | None = None
    dateline: str | None = None
    author: str | None = None


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_AGENCY_ALT = _alt(all_aliases())
_STAFF_ALT = _alt(wire_vi.STAFF_MARKS)
_STAFF = {mark.casefold() for mark in wire_vi.STAFF_MARKS}
_DASH = r"(?:--|—|–|-|:)"

#: "기자", "특파원", also with what they cover: "중국 전문기자", "격투기 전문 기자".
_KO_TITLE = rf"(?:[가-힣]{{1,8}}\s?){{0,2}}?(?:{_alt(wire_ko.REPORTER_TITLES)})"
_KO_NAME = r"[가-힣]{2,4}"
#: "김민수 기자", "성도현 기자,박대준 기자", "이강일 이재영 기자", "이준서 특파원 차대운 기자": the first name is kept.
_KO_REPORTERS = rf"(?P<author>{_KO_NAME})(?:[\s·,]+(?:{_KO_NAME}|{_KO_TITLE}))*?[\s·,]*{_KO_TITLE}"
_KO_PLACE = r"[가-힣A-Za-z][가-힣A-Za-z·ㆍ ]{0,19}?"
#: "[세종=이데일리 김형욱 기자]", "[베이징=CBS노컷뉴스 김중호 특파원]", "[헤럴드경제=박병국 기자]",
#: "(지디넷코리아=김윤희 기자)", "[광명=강근주 기자]" (a place, the outlet unsaid)
_KO_INSIDE_OUTLET = re.compile(
    rf"^[(\[]\s*(?P<first>{_KO_PLACE})\s*=\s*"
    rf"(?P<agency>[가-힣A-Za-z][가-힣A-Za-z0-9]{{1,19}})\s+{_KO_REPORTERS}\s*[)\]]\s*=?\s*"
)
_KO_INSIDE = re.compile(
    rf"^[(\[]\s*(?P<first>{_KO_PLACE}|[가-힣A-Za-z0-9]{{2,20}}?)\s*=\s*{_KO_REPORTERS}\s*[)\]]\s*=?\s*"
)
#: "(서울=연합뉴스) 김민수 기자 =", "[서울=뉴시스]김민수 기자 =", "(서울=뉴스1 ) 이진성 기자 =", "[베이징=뉴시스]",
#: "(대구·서울=연합뉴스) 이강일 이재영 기자 ="
_KO_PLACE_AGENCY = re.compile(
    rf"^[(\[]\s*(?P<place>{_KO_PLACE})\s*=\s*"
    r"(?P<agency>[가-힣A-Za-z][가-힣A-Za-z0-9]{1,19}?)\s*[)\]]"
    rf"\s*(?:{_KO_REPORTERS}\s*=)?\s*"
)
_KO_CREDIT = re.compile(rf"^(?:{_alt(wire_ko.CREDIT_WORDS)})")
_KO_OUTLET = re.compile(rf"(?:{_alt(wire_ko.OUTLET_ENDINGS)})$|[A-Za-z0-9]", re.IGNORECASE)
#: "[서울경제]", "(뉴스1)": an agency's or outlet's tag alone (known names only).
_TAG = re.compile(rf"^[(\[](?P<agency>{_AGENCY_ALT})[)\]]\s*", re.IGNORECASE)

_ZH_TITLE = _alt(wire_zh.REPORTER_TITLES)
#: "新华社北京11月23日电（记者 张三）", "中新网北京11月20日电 (记者 张伟)", "本报首尔11月18日电", "中新网11月20日电"
_ZH = re.compile(
    rf"^(?P<agency>{_AGENCY_ALT}|{_alt(wire_zh.OWN_OUTLET)}|[\u4e00-\u9fff]{{1,5}}?(?:社|网|报))(?:{_ZH_TITLE})?"
    r"(?P<line>(?P<place>[\u4e00-\u9fff]{0,8}?)(?P<date>\d{1,2}月\d{1,2}日))电"
    rf"\s*(?:[（(]\s*(?:(?:{_ZH_TITLE})\s*)?(?P<author>[^）)]{{1,30}})[）)])?\s*",
    re.IGNORECASE,
)
#: "(TTXVN) –", "(PV) -" with no place.
_AGENCY_ONLY = re.compile(rf"^[(（](?P<agency>{_AGENCY_ALT}|{_STAFF_ALT})[)）]\s*{_DASH}\s*", re.IGNORECASE)
#: "PV - ", "CTV: " opening the text: the outlet's own reporter.
_STAFF_LEAD = re.compile(rf"^(?P<agency>{_STAFF_ALT})\s*(?:--|—|–|-)\s*")
#: "BEIJING, Nov. 23 (Xinhua) --", "HA NOI, Nov. 18 (VNA) –", "Hà Nội, 18/11 (TTXVN) -", "SEOUL (Yonhap) --"
_LATIN = re.compile(
    rf"^(?P<line>(?P<place>[^\W\d_][^,()\n]{{1,40}}?)(?:,\s*(?P<date>[^()\n]{{1,25}}?))?)\s*"
    rf"[(（](?P<agency>[^()（）\n]{{2,40}})[)）]\s*{_DASH}\s*"
)
_KOREAN = (_KO_INSIDE_OUTLET, _KO_INSIDE, _KO_PLACE_AGENCY)
_LEADING = (*_KOREAN, _AGENCY_ONLY, _TAG, _ZH, _STAFF_LEAD, _LATIN)

_NAME_WORD = r"[^\W\d_]+(?:\.[^\W\d_]+)*"
#: "... đời sống. Mỹ Bình (TTXVN)", "Tin, ảnh: Nguyễn Hoàng (TTXVN)", "Thu Phương - Hiền Hạnh (TTXVN)",
#: "H.NAM (Theo TTXVN)", "... hoàn thành. (PV)"
_SIGNOFF_NAMED = re.compile(
    rf"(?:^|(?<=[.!?…”\"»)])\s)\s*(?:(?:{_alt(wire_vi.SIGNOFF_PREFIXES)})\s*:\s*)?"
    rf"(?P<author>{_NAME_WORD}(?:(?:\s+|\s*[-–]\s*){_NAME_WORD}){{0,7}})?\s*"
    rf"[(（](?:(?:{_alt(wire_vi.CREDIT_WORDS)})\s+)?(?P<agency>{_AGENCY_ALT}|{_STAFF_ALT})[)）]\s*$",
    re.IGNORECASE,
)
#: "... đời sống. Theo TTXVN", "Nguồn: TTXVN".
_SIGNOFF_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?…”\"»)])\s)\s*(?:{_alt(wire_vi.CREDIT_WORDS)}|source|출처|来源)\s*[:：]?\s*"
    rf"(?P<agency>{_AGENCY_ALT})\s*\.?\s*$",
    re.IGNORECASE,
)
_SIGNOFF_PREFIX = re.compile(rf"^(?:source|nguồn|출처|来源|{_alt(wire_vi.CREDIT_WORDS)})\s*[:：]?\s*", re.IGNORECASE)
_OWN_OUTLET = set(wire_zh.OWN_OUTLET)
_TITLE_WORDS = re.compile(rf"^(?:{_ZH_TITLE})\s*")


def _agency(text: str) -> str | None:
    """The canonical name of an agency as written, the text itself when unknown, ``None`` for own staff."""
    text = text.strip()
    if text.casefold() in _STAFF or text in _OWN_OUTLET:
        return None
    return canonical_agency(text) or text


def _outlet_like(text: str) -> bool:
    """Whether a Korean byline's word names an outlet (a known one, or one by its ending) rather than a place."""
    return bool(canonical_agency(text) or _KO_OUTLET.search(text))


def _read(pattern: re.Pattern[str], match: re.Match[str]) -> Byline | None:
    """The byline a pattern's match states, or ``None`` when the match is not one after all."""
    groups = {k: (v or "").strip() for k, v in match.groupdict().items()}
    author = _TITLE_WORDS.sub("", groups.get("author", "")).strip() or None
    if pattern in _KOREAN and _KO_CREDIT.match(groups.get("first") or groups.get("place", "")):
        return None  # "[이미지출처=연합뉴스]": a picture's credit
    if pattern is _KO_INSIDE_OUTLET:  # "[세종=이데일리 김형욱 기자]": place, then the outlet
        if not _outlet_like(groups["agency"]):
            return None  # "[스포티비뉴스=이교덕 격투기 전문 기자]": a name, not an outlet
        return Byline(_agency(groups["agency"]), groups["first"] or None, author)
    if pattern is _KO_INSIDE:
        first, _, rest = groups["first"].partition(" ")
        if _outlet_like(first):  # "[헤럴드경제=박병국 기자]", "[스타뉴스 목동=김동영 기자]"
            return Byline(_agency(first), rest.strip() or None, author)
        return Byline(None, groups["first"], author)  # "[광명=강근주 기자]": a place, the outlet unsaid
    if pattern is _LATIN:
        place, agency = groups["place"], groups["agency"]
        known = canonical_agency(agency) or agency.casefold() in _STAFF
        if not (known or (place.isupper() and len(place) <= 30)):
            return None
        return Byline(_agency(agency), groups["line"] or None, author)
    if pattern is _ZH:
        return Byline(_agency(groups["agency"]), groups["line"] or None, author)
    return Byline(_agency(groups["agency"]), groups.get("place") or None, author)


def read_leading(text: str) -> tuple[Byline, str] | None:
    """The byline or dateline opening ``text`` and the text after it, or ``None``."""
    for pattern in _LEADING:
        match = pattern.match(text)
        if match is None:
            continue
        byline = _read(pattern, match)
        if byline is not None:
            return byline, text[match.end():].strip()
    return None


def take_leading(paragraphs: list[str]) -> Byline | None:
    """Read the byline opening the article (after at most a few sub-headlines) and take it out."""
    for index in range(min(len(paragraphs), LOOKAHEAD)):
        found = read_leading(paragraphs[index])
        if found is not None:
            byline, rest = found
            if rest:
                paragraphs[index] = rest
            elif index + 1 < len(paragraphs):
                del paragraphs[index]  # the byline on a line of its own
            else:
                return None  # nothing after it: not a byline of this text
            return byline
        if len(paragraphs[index]) > SUBHEAD_MAX:
            break
    return None


def _whole_signoff(paragraph: str) -> Byline | None:
    """``"VNA"``, ``"(Xinhua)"``, ``"— Yonhap"``, ``"Source: VNA"``, ``"Theo TTXVN"``, ``"(PV)"``."""
    bare = _SIGNOFF_PREFIX.sub("", paragraph.strip(" -–—/")).strip(" .()（）[]")
    if bare.casefold() in _STAFF:
        return Byline()
    agency = canonical_agency(bare)
    return Byline(agency) if agency else None


def _inline_signoff(paragraph: str) -> tuple[Byline, str] | None:
    start = max(0, len(paragraph) - 160)  # "^" still means the paragraph's start, not this position
    for pattern in (_SIGNOFF_CREDIT, _SIGNOFF_NAMED):
        match = pattern.search(paragraph, start)
        if match is None:
            continue
        author = (match.groupdict().get("author") or "").strip()
        if author and not all(word[:1].isupper() for word in re.split(r"[\s\-–]+", author) if word):
            continue  # "... ông nói (TTXVN)": words of the sentence, not a name
        rest = paragraph[: match.start()].rstrip()
        return Byline(_agency(match.group("agency")), None, author or None), rest
    return None


def take_signoff(paragraphs: list[str]) -> Byline | None:
    """Read the agency's or reporter's sign-off closing the article and take it out."""
    found: Byline | None = None

    def merge(byline: Byline) -> None:
        nonlocal found
        if found is None:
            found = byline
        else:
            found.agency = found.agency or byline.agency
            found.author = found.author or byline.author

    while len(paragraphs) > 1:
        whole = _whole_signoff(paragraphs[-1])
        if whole is None:
            break
        merge(whole)
        paragraphs.pop()
    if paragraphs:
        inline = _inline_signoff(paragraphs[-1])
        if inline is not None and (inline[1] or len(paragraphs) > 1):
            merge(inline[0])
            if inline[1]:
                paragraphs[-1] = inline[1]
            else:
                paragraphs.pop()
    return found
