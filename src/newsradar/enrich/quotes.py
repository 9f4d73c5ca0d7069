"""Direct quotations and reported speech, each with its speaker and position.

Direct quotes are text inside quotation marks of any of the four languages'
styles (“ ”, " ", « », 「 」, 『 』, ‘ ’); reported speech is a clause after a
speech verb ("said that", "expressed the hope that", "cho biết", "…다고
밝혔다", "表示，").  The speaker is the nearest person (else organisation)
next to the speech verb in the same sentence; a pronoun ("he said", "ông
nói", "他说") or a bare role ("the VJA Chairman") points back to the person
last named, or to the person that role was given to ("Chairman Le Quoc
Minh").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lang import resources
from ..lang.countries import COMPOUND_CHARS, country_names
from ..model import Entity, Quote
from .entities import ORG, PERSON

_QUOTE_PAIRS = re.compile(r"“([^”]{2,1500})”|\"([^\"\n]{2,1500})\"|«([^»]{2,1500})»|「([^」]{2,1500})」|"
                          r"『([^』]{2,1500})』|‘([^’]{8,1500})’")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-ZÀ-Ỹ0-9(가-힣])|(?<=[。！？])[”」』]?|\n+")
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7af]")


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int


def sentences(text: str) -> list[_Sentence]:
    spans: list[_Sentence] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > pos:
            spans.append(_Sentence(pos, match.start() if match.group().isspace() else match.end()))
            pos = match.end()
    if pos < len(text):
        spans.append(_Sentence(pos, len(text)))
    return [s for s in spans if text[s.start : s.end].strip()]


def _long_enough(quote: str) -> bool:
    """A quote, not a scare-quoted word or a title in quotes."""
    if _CJK.search(quote):
        return len(quote.strip()) >= 6
    return len(quote.split()) >= 4


class QuoteFinder:
    """Finds quotes in one article, given its entities."""

    def find(self, text: str, entities: list[Entity], lang: str | None) -> list[Quote]:
        module = resources(lang) or resources("en")
        verbs: tuple[str, ...] = getattr(module, "SPEECH_VERBS", ())
        spans = _mention_spans(text, entities)
        roles = _role_holders(text, spans, module)
        quotes: list[Quote] = []
        taken: list[tuple[int, int]] = []
        spans_of_text = sentences(text)
        # Quotation marks are paired over the whole text, not inside one sentence: "“We will not wait.
        # Every household must be moved,” said Le Trung Kien." is one quote of two sentences, and its
        # speaker is in the sentence that closes it.  Its context runs from the sentence that opens it to
        # the one that closes it.
        for match in _QUOTE_PAIRS.finditer(text):
            inner = next(g for g in match.groups() if g is not None)
            if "\n" in inner or not _long_enough(inner):
                continue  # a quotation never runs over a paragraph break: an unpaired mark would pair across
            start = match.start() + 1
            end = start + len(inner)
            context = _Sentence(_sentence_at(spans_of_text, match.start()).start,
                                _sentence_at(spans_of_text, match.end() - 1).end)
            speaker = _speaker(text, context, start - 1, end + 1, spans, verbs, roles, module)
            quotes.append(_quote(inner.strip(" ,"), speaker, "direct", start, end, text))
            taken.append((start, end))
        for sentence in spans_of_text:
            reported = _reported(text, sentence, lang, verbs, module)
            if reported and not any(s < reported[1] and reported[0] < e for s, e in taken):
                r_start, r_end, verb_at = reported
                subject = text[sentence.start : verb_at]
                speaker = _role_holder(subject, roles) or _nearest_before(spans, sentence.start, verb_at)
                if speaker is None and _PRONOUN_END.search(subject):
                    speaker = _role_or_previous("", spans, roles, verb_at)
                if speaker is None and _ACCORDING_START.match(subject):
                    continue  # "According to the plan, ...", "据介绍，...": no one is speaking
                # no named person or organisation: the quote is kept without a speaker, never with a fragment
                quotes.append(_quote(text[r_start:r_end], speaker, "reported", r_start, r_end, text))
        return sorted(quotes, key=lambda q: q.start)


def _sentence_at(spans: list[_Sentence], offset: int) -> _Sentence:
    """The sentence holding ``offset`` (the nearest one before it when the offset falls between two)."""
    found = spans[0] if spans else _Sentence(offset, offset)
    for sentence in spans:
        if sentence.start > offset:
            break
        found = sentence
    return found


def _quote(inner: str, speaker: Entity | None, kind: str, start: int, end: int, text: str) -> Quote:
    offset = text.find(inner, start)
    start = offset if offset >= 0 else start
    return Quote(
        text=inner, speaker=speaker.name if speaker else None, kind=kind, start=start, end=start + len(inner),
        speaker_key=speaker.key if speaker else None,
    )


#: A reporter's byline around a name: "(서울=뉴스1) 김민수 기자 =", "新华社记者张伟", "Reporting by Jane Doe".
_BYLINE_AFTER = re.compile(r"^\s*(?:기자|특파원|통신원)\s*=|^\s*(?:기자|특파원)\s*$")
_BYLINE_BEFORE = re.compile(r"(?:记者|通讯员|Reporting by|Writing by|Editing by|Reporter:?|PV:?|Phóng viên)\s*$")


#: Country abbreviations that only make compounds ("韩越", "한·베"): a name of nothing else names no speaker.
_COMPOUND_ONLY = frozenset(ch for chars in COMPOUND_CHARS.values() for ch in chars) | frozenset("·・-–")


def can_speak(name: str) -> bool:
    """Whether a person or organisation name can be a quote's speaker.

    Not a country ("Korea" typed as an organisation), not a compound of country abbreviations ("韩越"),
    and not a lone Latin word of one or two letters ("Vi", cut from a longer name; an acronym like "LG" is kept).
    """
    name = name.strip()
    if not name or name in country_names() or all(ch in _COMPOUND_ONLY for ch in name):
        return False
    return _CJK.search(name) is not None or " " in name or len(name) > 2 or name.isupper()  # "LG" speaks


def _mention_spans(text: str, entities: list[Entity]) -> list[tuple[int, int, Entity]]:
    """Every place an entity (person or organisation) is mentioned, except in a reporter's byline."""
    spans: list[tuple[int, int, Entity]] = []
    for entity in entities:
        if entity.kind not in (PERSON, ORG) or not can_speak(entity.name):
            continue
        for form in entity.mentions:
            for start, end in _occurrences(form, text, bounded=not _CJK.search(form)):
                after, before = text[end : end + 8], text[max(0, start - 14) : start]
                if not (_BYLINE_AFTER.search(after) or _BYLINE_BEFORE.search(before)):
                    spans.append((start, end, entity))
    return sorted(spans, key=lambda s: s[0])


def _occurrences(form: str, text: str, *, bounded: bool) -> list[tuple[int, int]]:
    r"""Where ``form`` occurs in ``text``, left to right and not overlapping, as ``re.finditer`` finds the escaped
    form (between non-word characters when ``bounded``: ``(?<!\w)form(?!\w)``).

    Why not that regex: a pattern per name and article overflowed ``re``'s cache, and compiling them was
    a tenth of English enrichment; ``str.find`` and the same word test (``\w`` is ``isalnum()`` or "_")
    find the same places.
    """
    if not form:
        pattern = "(?<!\\w)(?!\\w)" if bounded else ""
        return [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    found: list[tuple[int, int]] = []
    size, length = len(form), len(text)
    i = text.find(form)
    while i >= 0:
        end = i + size
        if bounded and ((i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"))
                        or (end < length and (text[end].isalnum() or text[end] == "_"))):
            i = text.find(form, i + 1)
            continue
        found.append((i, end))
        i = text.find(form, end)
    return found


def _role_holders(text: str, spans: list[tuple[int, int, Entity]], module: object) -> dict[str, Entity]:
    """"Chairman Le Quoc Minh" makes "Chairman" (lower-cased) point to him for later "the VJA Chairman"."""
    roles: dict[str, Entity] = {}
    titles: tuple[str, ...] = getattr(module, "PERSON_TITLES", ())
    by_length = _title_index(titles)
    for start, end, entity in spans:
        if entity.kind != PERSON:
            continue
        before, after = text[max(0, start - 30) : start].rstrip(), text[end : end + 12].lstrip()
        found = {order for size, by_title in by_length
                 for order in (by_title.get(before[-size:]), by_title.get(after[:size])) if order is not None}
        for order in sorted(found):
            roles.setdefault(titles[order].lower(), entity)
    return roles


@cache
def _title_index(titles: tuple[str, ...]) -> tuple[tuple[int, dict[str, int]], ...]:
    """Titles longer than two characters grouped by length, each with its place in ``titles``.

    Why: a person's neighbourhood was tested against every title in turn (two string tests for each of some
    fifty titles, for every person named: 3% of a Vietnamese article's enrichment).  The text before a name
    ends with a title of n characters exactly when its last n characters are that title, so one look-up per
    length finds them all; roles are still recorded in the order of ``titles``, as the loop did.
    """
    groups: dict[int, dict[str, int]] = {}
    for order, title in enumerate(titles):
        if len(title) > 2:
            groups.setdefault(len(title), {}).setdefault(title, order)
    return tuple(sorted(groups.items()))


def _nearest_before(spans: list[tuple[int, int, Entity]], lo: int, hi: int) -> Entity | None:
    inside = [s for s in spans if lo <= s[0] and s[1] <= hi]
    people = [s for s in inside if s[2].kind == PERSON]
    pool = people or inside
    return pool[-1][2] if pool else None


def _nearest_after(spans: list[tuple[int, int, Entity]], lo: int, hi: int) -> Entity | None:
    inside = [s for s in spans if lo <= s[0] and s[1] <= hi]
    people = [s for s in inside if s[2].kind == PERSON]
    pool = people or inside
    return pool[0][2] if pool else None


_ACCORDING_START = re.compile(r"^\s*(?:According to|according to|Theo|据|根据)")
_PRONOUN_END = re.compile(
    r"(?:\b(?:he|she|they|He|She|They|ông|bà|Ông|Bà)|他|她|他们|그는|그녀는)\s*(?:also\s+|cũng\s+)?$"
)



def _role_holder(context: str, roles: dict[str, Entity]) -> Entity | None:
    lowered = context.lower()
    return next((entity for role, entity in roles.items() if role in lowered), None)


def _role_or_previous(context: str, spans: list[tuple[int, int, Entity]], roles: dict[str, Entity],
                      at: int) -> Entity | None:
    lowered = context.lower()
    for role, entity in roles.items():
        if role in lowered:
            return entity
    earlier = [s for s in spans if s[1] <= at and s[2].kind == PERSON]
    return earlier[-1][2] if earlier else None


def _speaker(text: str, sentence: _Sentence, q_start: int, q_end: int, spans: list[tuple[int, int, Entity]],
             verbs: tuple[str, ...], roles: dict[str, Entity], module: object) -> Entity | None:
    right = text[q_end : sentence.end]
    if any(v in right[:80] for v in verbs):
        found = _nearest_after(spans, q_end, min(sentence.end, q_end + 80))
        if found:
            return found
    found = _nearest_before(spans, sentence.start, q_start)
    if found:
        return found
    found = _nearest_after(spans, q_end, sentence.end)
    if found:
        return found
    return _role_or_previous(text[sentence.start : q_start] + right, spans, roles, q_start)


# -- reported speech, per language ---------------------------------------------------------------

_EN_REPORTED = re.compile(
    r"\b(?:also\s+)?(said|says|stated|noted|stressed|emphasi[sz]ed|added|warned|affirmed|believed|believes|"
    r"expressed (?:the |their |his |her )?hope|hoped|argued|insisted|explained|told [A-Z]?\w+|announced)"
    r"\s+(?:on \w+\s+|in \w+\s+|last \w+\s+)?(?:that\s+)(?P<clause>[^\"“”]{12,})$"
)
_EN_ACCORDING = re.compile(r"^(?:According to|according to)\s+(?P<who>[^,]{2,120}),\s+(?P<clause>[^\"“”]{12,})$")
_VI_REPORTED = re.compile(
    r"\b(cho biết|nhấn mạnh|khẳng định|cho rằng|bày tỏ (?:mong muốn|hy vọng|tin tưởng)|tuyên bố|nhận định|"
    r"đánh giá|thông tin|nêu rõ|lưu ý|kêu gọi|đề nghị)\s*[,:]?\s*(?:rằng\s+|là\s+)?(?P<clause>[^\"“”:]{12,})$"
)
_VI_ACCORDING = re.compile(r"^Theo\s+(?P<who>[^,]{2,120}),\s+(?P<clause>[^\"“”]{12,})$")
_KO_REPORTED = re.compile(
    r"(?P<clause>[^\"“”]{6,}?(?:다|라|냐|자|며|면서))고\s*(?:\S+\s+)?"
    r"(말했|밝혔|강조했|설명했|전했|덧붙였|주장했|지적했|언급했|발표했|전망했|예상했|평가했|당부했|촉구했|기대했|답했)"
)
_ZH_REPORTED = re.compile(
    r"(表示|指出|强调|认为|称|说|透露|介绍|坦言|呼吁|希望|宣布)[，,：:]\s*(?P<clause>[^“”\"「」]{6,}?)[。！？]?$"
)
_ZH_ACCORDING = re.compile(
    r"^(?:据|根据)(?P<who>[^，,]{2,30})(?:介绍|透露|称|表示)?[，,](?P<clause>[^“”\"]{6,}?)[。]?$"
)


def _reported(text: str, sentence: _Sentence, lang: str | None, verbs: tuple[str, ...],
              module: object) -> tuple[int, int, int] | None:
    """``(clause start, clause end, speech-verb position)`` of reported speech in the sentence."""
    body = text[sentence.start : sentence.end].rstrip()
    base = sentence.start
    if lang == "ko":
        if "\"" in body or "“" in body:
            return None
        match = _KO_REPORTED.search(body)
        if not match:
            return None
        clause_start = _ko_clause_start(body, match.start("clause"))
        return base + clause_start, base + match.end("clause"), base + clause_start
    if lang == "zh":
        match = _ZH_ACCORDING.match(body) or _ZH_REPORTED.search(body)
        if not match:
            return None
        verb_at = match.start("who") if "who" in match.groupdict() else match.start(1)
        clause = match.group("clause").rstrip("。！？")
        return base + match.start("clause"), base + match.start("clause") + len(clause), base + verb_at + (
            len(match.group("who")) if "who" in match.groupdict() else 0)
    if lang == "vi":
        match = _VI_ACCORDING.match(body) or _VI_REPORTED.search(body)
    else:
        match = _EN_ACCORDING.match(body) or _EN_REPORTED.search(body)
    if not match:
        return None
    clause = match.group("clause").rstrip(" .")
    clause_start = match.start("clause")
    if re.match(r"(?:who|which|người|cũng là)\s", clause):  # "According to X, who is also ..., CLAUSE"
        comma = clause.find(", ")
        if comma > 0:
            clause_start += comma + 2
            clause = clause[comma + 2 :]
    verb_at = match.end("who") if "who" in match.groupdict() else match.start(1)
    return base + clause_start, base + clause_start + len(clause), base + verb_at


def _ko_clause_start(body: str, clause_start: int) -> int:
    """Korean reported clauses start after the subject: "김 장관은 [수출이 늘었다]고 밝혔다"."""
    subject = re.search(r"(?:은|는|이|가)\s+", body[clause_start : clause_start + 40])
    return clause_start + subject.end() if subject and subject.start() < 30 else clause_start

