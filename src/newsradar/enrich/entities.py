"""People, organisations and places in four languages, from what offline libraries carry.

No statistical NER model is shipped for all four languages, so each language
combines its segmenter's proper-noun tags with rules a desk editor would
recognise: a title next to a name ("Chairman Le Quoc Minh", "김민수 장관",
"外交部发言人毛宁", "Bộ trưởng ..."), an organisation's head or ending word
("Ministry of ...", "...협회", "...委员会", "Hội ..."), a place cue ("in",
"tỉnh", "...에서", "...省") and the cross-language gazetteer in
:mod:`newsradar.lang.names`.  Surface forms are then normalised into one key
per entity: acronyms defined in the text ("... Association (VJA)"), short
references to a full name ("Minh" after "Le Quoc Minh") and gazetteer aliases
all collapse, and Vietnamese diacritics are folded so "Lê Quốc Minh" and
"Le Quoc Minh" meet across languages.

This module runs the CRF of :mod:`.ner`, so nothing in :mod:`.ner` imports it:
the lookups both need (:func:`gazetteer`, :func:`is_country` and the kind
names ``PERSON``/``ORG``/``PLACE``) live one level down in :mod:`.gazetteer`
and are re-exported here under their old names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from ..lang import require
from ..lang.names import CHINESE_SURNAMES, KOREAN_SURNAMES, ORGANIZATIONS, PLACES
from ..model import Entity
from .folding import fold
from .gazetteer import ORG, PERSON, PLACE, gazetteer, is_country
from .identity import identity_key
from .ner import NerTagger
from .tokens import Token

_KINDS = {"PER": PERSON, "ORG": ORG, "LOC": PLACE}


@dataclass(slots=True)
class Mention:
    text: str
    kind: str
    start: int
    end: int


# -- normalisation ---------------------------------------------------------------------------------


#: A person the article keeps anonymous: "A씨", "B 씨", "Mr A" leave a lone capital letter as the name.
_PLACEHOLDER = re.compile(r"^[A-Z]\s*씨?$")


def is_placeholder(entity: Entity) -> bool:
    """Whether a person entity is an anonymised stand-in ("A", "B") rather than a name.

    Korean news names a private person "A씨"; the recogniser is right that a person is meant (the gold
    data tags it), but as a name to rank, link or list it says nothing, and every article's "A" would
    become one person.
    """
    return entity.kind == PERSON and bool(_PLACEHOLDER.match(entity.name.strip()))


def entity_key(text: str) -> str:
    """The key a user's spelling of a name is stored under: the gazetteer's key ("Hà Nội" -> "hanoi")
    when the name is a known alias, else its script-neutral identity (:func:`identity_key`), so that
    "Xi Jinping", "习近平", "習近平", "시진핑" and "Tập Cận Bình" are one key wherever they are written."""
    return _entity_key(text, fold(text))


def _entity_key(text: str, folded: str) -> str:
    """:func:`entity_key` of ``text`` whose folded form is known already (:func:`_resolve` has it at hand)."""
    known = gazetteer().get(folded)
    if known:
        return known[0]
    return identity_key(text, PERSON, None) if folded else ""


# -- per-language recognisers ---------------------------------------------------------------------

_EN_CAP = r"(?:[A-Z][\w’'.-]*[\w.]|[A-Z]|\d+[A-Z][\w-]*)"
_EN_CONNECT = r"(?:of the|of|and|for|on|de|la|du|von|van|&)"
_EN_CHUNK = re.compile(rf"{_EN_CAP}(?:(?:\s+|\s+{_EN_CONNECT}\s+){_EN_CAP})*")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$|^[A-Z][a-z]?[A-Z]{1,5}$")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[\"“(]\s*)$")


def _strip_possessive(text: str) -> str:
    return re.sub(r"[’']s$", "", text)


def _english_chunks(text: str, res: ModuleType) -> list[tuple[str, int]]:
    """Capitalised runs; "A and B" is two names unless it reads "Ministry of A and B"."""
    chunks: list[tuple[str, int]] = []
    for match in _EN_CHUNK.finditer(text):
        chunk = match.group()
        if any(chunk.startswith(h) or f" {h}" in chunk for h in res.ORG_HEADS):
            chunks.append((chunk, match.start()))
            continue
        offset = 0
        for part in re.split(r"(\s+(?:and|&)\s+|(?<=[a-z0-9]{2})\.\s+)", chunk):
            if part.strip() and part.strip() not in ("and", "&", "."):
                chunks.append((part, match.start() + offset))
            offset += len(part)
    return chunks


def _english(text: str, lang: str) -> list[Mention]:
    res = require("en")
    titles = sorted(res.PERSON_TITLES, key=len, reverse=True)
    org_words = set(res.ORG_WORDS)
    mentions: list[Mention] = []
    for match in _english_chunks(text, res):
        words = match[0].split()
        start = match[1]
        # Drop sentence-initial function words and leading titles ("The", "Minister").
        person_cue = False
        while words:
            head2 = " ".join(words[:2])
            title = next((t for t in titles if head2 == t or words[0] == t), None)
            if title:
                person_cue = True
                drop = len(title.split())
            elif (words[0] in res.NOT_NAMES or words[0].lower() in res.STOPWORDS
                  or (len(words) > 1 and is_country(_strip_possessive(words[0])))):
                drop = 1
            else:
                break
            start = text.index(words[drop - 1], start) + len(words[drop - 1])
            start = start + len(text[start:]) - len(text[start:].lstrip())
            words = words[drop:]
        while words and (words[-1] in titles or words[-1] in ("of", "and", "the", "for", "&", "on", "de")):
            words = words[:-1]
        if not words:
            continue
        name = _strip_possessive(" ".join(words))
        end = start + len(" ".join(words))
        before = text[max(0, start - 40) : start]
        after = text[end : end + 30]
        if not person_cue:
            person_cue = any(before.rstrip().endswith(t) for t in titles)
        kind = _classify_en(name, words, before, after, person_cue, org_words, res)
        if kind:
            mentions.append(Mention(name, kind, start, start + len(name)))
    return mentions


def _classify_en(name: str, words: list[str], before: str, after: str, person_cue: bool,
                 org_words: set[str], res: ModuleType) -> str | None:
    if is_country(name):
        return None
    known = gazetteer().get(fold(name))
    if known:
        return known[1]
    if person_cue and len(words) <= 4 and not any(w in org_words for w in words):
        return PERSON
    if words[-1] in org_words or any(name.startswith(h) for h in res.ORG_HEADS):
        return ORG
    if len(words) == 1 and _ACRONYM.match(words[0]):
        return ORG
    next_word = after.split()[0] if after.split() else ""
    if next_word in res.PLACE_AFTER:
        return PLACE
    previous = before.split()[-1] if before.split() else ""
    if previous in res.PLACE_BEFORE and len(words) <= 3:
        return PLACE
    name_shaped = 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words)
    if name_shaped and re.match(r"^(?:\s*,|[’']s\b|\s+(?:said|says|told|added|stressed|noted|who)\b)", after):
        return PERSON
    if len(words) == 1 and re.match(r"^\s*,?\s*(?:said|says|told|added)\b", after):
        return PERSON
    return None


def _vietnamese(text: str, tokens: list[Token]) -> list[Mention]:
    res = require("vi")
    titles = set(res.PERSON_TITLES)
    heads = set(res.ORG_HEADS)
    mentions: list[Mention] = []
    chunk: list[Token] = []

    def capital(tok: Token) -> bool:
        return tok.text[:1].isupper() and any(ch.isalpha() for ch in tok.text)

    def flush(previous: Token | None) -> None:
        pieces: list[list[Token]] = [[]]
        cues: list[Token | None] = [previous]
        for tok in chunk:
            if tok.text in titles or tok.text in res.NOT_NAMES:
                pieces.append([])
                cues.append(tok)
            elif _vi_full_name(tok, res.SURNAMES):
                pieces.extend([[tok], []])
                cues.extend([pieces[-3][-1] if pieces[-3] else cues[-1], None])
            elif (len(pieces) >= 2 and not pieces[-1] and pieces[-2] and _vi_full_name(pieces[-2][0], res.SURNAMES)
                  and len(" ".join(t.text for t in pieces[-2]).split()) + len(tok.text.split()) <= 4):
                pieces[-2].append(tok)  # pyvi split "Nguyễn_Văn" + "Hùng"
            elif tok.text in heads and pieces[-1] and pieces[-1][0].text not in heads:
                pieces.append([tok])
                cues.append(None)
            else:
                pieces[-1].append(tok)
        for piece, cue in zip(pieces, cues, strict=True):
            if piece:
                _vi_piece(text, piece, cue, titles, heads, res, mentions)
        chunk.clear()

    previous: Token | None = None
    before_chunk: Token | None = None
    for tok in tokens:
        if capital(tok):
            if not chunk:
                before_chunk = previous
            chunk.append(tok)
        elif chunk:
            flush(before_chunk)
        previous = tok
    if chunk:
        flush(before_chunk)
    return mentions


def _vi_full_name(tok: Token, surnames: frozenset[str]) -> bool:
    syllables = tok.text.split()
    return 2 <= len(syllables) <= 4 and syllables[0] in surnames and all(s[:1].isupper() for s in syllables)


def _vi_piece(text: str, piece: list[Token], cue: Token | None, titles: set[str], heads: set[str],
              res: ModuleType, out: list[Mention]) -> None:
    start, end = piece[0].start, piece[-1].end
    name = text[start:end]
    syllables = name.split()
    cue_text = cue.text if cue else ""
    if is_country(name):
        return
    known = gazetteer().get(fold(name))
    if known:
        out.append(Mention(name, known[1], start, end))
    elif piece[0].text in heads or any(name.startswith(h + " ") for h in heads):
        if len(piece) > 1 or piece[0].text not in heads:
            out.append(Mention(name, ORG, start, end))
    elif cue_text in titles or (syllables[0] in res.SURNAMES and 2 <= len(syllables) <= 4):
        if 1 <= len(syllables) <= 4:
            out.append(Mention(name, PERSON, start, end))
    elif _ACRONYM.match(name):
        out.append(Mention(name, ORG, start, end))
    elif cue_text.lower() in {c.lower() for c in res.PLACE_BEFORE} or (
        any(t.tag == "Np" for t in piece) and 2 <= len(syllables) <= 3
    ):
        out.append(Mention(name, PLACE, start, end))


_KO_NAME = re.compile(r"^[가-힣]{2,4}$")


def _korean(text: str, tokens: list[Token]) -> list[Mention]:
    res = require("ko")
    titles = set(res.PERSON_TITLES)
    org_suffixes = tuple(sorted(res.ORG_SUFFIXES, key=len, reverse=True))
    place_suffixes = tuple(res.PLACE_SUFFIXES)
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.tag not in ("NNP", "SL"):
            i += 1
            continue
        # An organisation spelled over several nouns: 베트남(NNP) 기자(NNG) 협회(NNG).
        j = i + 1
        while j < len(tokens) and tokens[j].tag in ("NNP", "NNG", "SL") and tokens[j].start == tokens[j - 1].end:
            j += 1
        span_end = tokens[j - 1].end
        name = text[tok.start : span_end]
        nxt = tokens[j] if j < len(tokens) else None
        after = text[span_end : span_end + 8].lstrip()
        if is_country(name) or (j == i + 1 and is_country(tok.text)):
            i = j
            continue
        known = gazetteer().get(fold(name))
        if known:
            kind: str | None = known[1]
        elif (name.endswith(org_suffixes) and len(name) >= 3) or (tok.tag == "SL" and _ACRONYM.match(name)):
            kind = ORG
        elif (nxt is not None and nxt.text in titles) or any(after.startswith(t) for t in titles):
            kind = PERSON if _KO_NAME.match(name) or tok.tag == "NNP" else None
        elif _KO_NAME.match(name) and (name[:1] in KOREAN_SURNAMES or name[:2] in KOREAN_SURNAMES) and j == i + 1:
            kind = PERSON if len(name) in (3, 4) else None
        elif name.endswith(place_suffixes) or (nxt is not None and nxt.text in ("에서", "에")):
            kind = PLACE
        else:
            kind = None
        if kind and len(name) >= 2:
            mentions.append(Mention(name, kind, tok.start, span_end))
        i = j
    return mentions


_ZH_AFTER_NAME = re.compile(r"^(?:表示|说|指出|强调|认为|称|介绍|透露|宣布|在|于|和|与|等|、|，|。|的|也|就|对|率|"
                            r"一行|会见|"
                            r"出席|访问|主持|致辞|发表|会谈|举行|同|向|：|:|“|\s|\(|（)")


def _chinese(text: str, tokens: list[Token]) -> list[Mention]:
    res = require("zh")
    titles = tuple(sorted(res.PERSON_TITLES, key=len, reverse=True))
    org_suffixes = tuple(sorted(res.ORG_SUFFIXES, key=len, reverse=True))
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        # A name right after a title: "越南记者协会主席黎国明表示", "外交部发言人毛宁说".
        if tok.text.endswith(titles) and i + 1 < len(tokens):
            rest = text[tok.end : tok.end + 5]
            size = 2 if _ZH_AFTER_NAME.match(rest[2:] or "。") else 3 if _ZH_AFTER_NAME.match(rest[3:] or "。") else 0
            if size and all("\u4e00" <= c <= "\u9fff" for c in rest[:size]):
                mentions.append(Mention(rest[:size], PERSON, tok.end, tok.end + size))
        # Organisations spelled over several words: 越南(ns) 记者(n) 协会(n).
        if tok.tag in ("ns", "nt", "nz", "j") or (tok.tag == "n" and tok.text.endswith(org_suffixes)):
            j = i + 1
            while (j < len(tokens) and tokens[j].tag in ("n", "ns", "nt", "nz", "vn", "j")
                   and tokens[j].start == tokens[j - 1].end and j - i < 6):
                j += 1
            best = None
            for k in range(j, i, -1):
                name = text[tok.start : tokens[k - 1].end]
                if name.endswith(org_suffixes) and len(name) >= 3 and not name.endswith(titles):
                    best = (name, k)
                    break
            if best:
                name, k = best
                if not is_country(name):
                    mentions.append(Mention(name, ORG, tok.start, tok.start + len(name)))
                i = k
                continue
        person = re.sub(r"(?:说|表示|称)$", "", tok.text)
        if tok.tag == "nr" and 2 <= len(person) <= 4 and person[:1] in CHINESE_SURNAMES:
            mentions.append(Mention(person, PERSON, tok.start, tok.start + len(person)))
        elif tok.tag == "nt" and not is_country(tok.text):
            mentions.append(Mention(tok.text, ORG, tok.start, tok.end))
        elif tok.tag == "ns" and not is_country(tok.text) and len(tok.text) >= 2:
            kind = gazetteer().get(fold(tok.text), ("", PLACE))[1]
            mentions.append(Mention(tok.text, kind, tok.start, tok.end))
        elif tok.tag in ("eng", "nz") and _ACRONYM.match(tok.text):
            mentions.append(Mention(tok.text, ORG, tok.start, tok.end))
        i += 1
    return mentions


def _gazetteer_mentions(text: str, lang: str | None) -> list[Mention]:
    """Gazetteer forms found verbatim (catches what a segmenter split apart)."""
    found: list[Mention] = []
    # forms in a script the text has no letter of cannot be in it: a text without CJK skips those forms
    # (half the Vietnamese list), the others keep their order
    patterns = _form_patterns(lang or "") if _CJK.search(text) else _latin_form_patterns(lang or "")
    for form, kind, pattern in patterns:
        if form not in text:  # a substring test in C rules out almost every form before any regex runs
            continue
        for match in pattern.finditer(text):
            found.append(Mention(form, kind, match.start(), match.end()))
    return found


def _korean_proper_nouns(mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
    """The gazetteer hits in Korean text that the morphological analysis reads as names.

    Why: Korean forms are found as substrings (a segmenter may split a long name apart), and
    some place names are also everyday words: "후에" (Hue) is "후" (after) with the particle
    "에" in "3년 후에" and inside "이후에"; "선전" (Shenzhen) is "propaganda" in "북한의 선전 활동".
    A hit is dropped when it starts inside a word, takes in a particle or an ending, or is one
    word the analysis tags as a common noun; Kiwi tags the city in "선전에서" as a proper noun.
    A hit may end inside a word ("제주" in "제주시내").  The trained tagger still finds what
    the analysis misreads; the cost is a foreign city Kiwi does not know, read as a common noun
    where nothing around it says otherwise ("쿤밍 공장을 세웠다").
    """
    if not tokens:
        return mentions
    starts = {t.start for t in tokens}
    kept: list[Mention] = []
    for m in mentions:
        if m.start not in starts:
            continue
        inside = [t for t in tokens if t.start < m.end and m.start < t.end]
        if any(t.tag[:1] in ("J", "E") for t in inside):
            continue
        if len(inside) == 1 and inside[0].tag == "NNG" and inside[0].end == m.end:
            continue
        kept.append(m)
    return kept


@cache
def _form_patterns(lang: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """The gazetteer forms of a language with their patterns, compiled once."""
    return tuple((form, kind, re.compile(re.escape(form) if not form.isascii() else rf"\b{re.escape(form)}\b"))
                 for form, kind in _forms_for(lang))


#: Characters of the CJK, kana and Hangul blocks, the blocks between them, their compatibility and full-width forms.
_CJK = re.compile(r"[\u2e80-\ud7ff\uf900-\uffef]")


@cache
def _latin_form_patterns(lang: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """:func:`_form_patterns` without the forms that hold a character of :data:`_CJK`, in the same order."""
    return tuple(p for p in _form_patterns(lang) if not _CJK.search(p[0]))


@cache
def _forms_for(lang: str) -> tuple[tuple[str, str], ...]:
    forms: list[tuple[str, str]] = []
    for kind, entries in ((ORG, ORGANIZATIONS), (PLACE, PLACES)):
        for values in entries.values():
            for form in values:
                if len(form) >= 2 and (lang in ("ko", "zh") or form.isascii() or lang == "vi"):
                    forms.append((form, kind))
    return tuple(sorted(forms, key=lambda f: len(f[0]), reverse=True))


# -- merging --------------------------------------------------------------------------------------

_DEFINED_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")


def _resolve(mentions: list[Mention], text: str, *, disjoint: bool = False) -> list[Entity]:
    """Collapse mentions of one entity (acronyms, short names, gazetteer aliases) under one key.

    Short references are matched on folded forms ("Minh" after "Le Quoc Minh", "Kim" after
    "Kim Min-su"); the entity's key is then its gazetteer key or its cross-script identity.
    ``disjoint``: the mentions are :func:`_without_overlaps`' own answer already (as
    :meth:`EntityRecognizer.mentions` gives them), which it would give back unchanged.
    """
    if not disjoint:
        mentions = _without_overlaps(mentions)
    aliases: dict[str, str] = {}
    for m in mentions:  # "Viet Nam Journalists Association (VJA)" defines VJA
        tail = text[m.end : m.end + 14]
        defined = _DEFINED_ACRONYM.match(tail.lstrip())
        if defined and m.kind == ORG:
            aliases[fold(defined.group(1))] = m.text
    entities: dict[str, Entity] = {}
    persons: list[tuple[str, Entity]] = []  # (folded full name, entity)
    for m in mentions:
        folded = fold(m.text)
        if not folded:
            continue
        full = aliases.get(folded, m.text)  # an acronym defined in the text stands for its full name
        # folded once: fold(full) is fold(m.text) unless an acronym stands for it (fold was a third of this loop)
        folded_full = folded if full is m.text else fold(full)
        known = gazetteer().get(folded) or gazetteer().get(folded_full)
        kind = known[1] if known else m.kind
        key = known[0] if known else _entity_key(full, folded_full)
        if kind == PERSON and not known and " " not in folded:
            owner = next((e for full, e in persons if folded in full.split() or full.startswith(folded + " ")), None)
            if owner:
                key = owner.key
        entity = entities.get(key)
        if entity is None:
            entity = Entity(name=m.text, kind=kind, key=key, mentions=[m.text], count=1, first=m.start)
            entities[key] = entity
            if kind == PERSON:
                persons.append((folded, entity))
        else:
            entity.count += 1
            if m.text not in entity.mentions:
                entity.mentions.append(m.text)
            if len(m.text) > len(entity.name) and not _ACRONYM.match(m.text):
                entity.name = m.text
    return sorted(entities.values(), key=lambda e: e.first)


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest mention wins where two overlap; gazetteer hits were added first and win ties."""
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        chosen.append(m)
        taken.append((m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


class EntityRecognizer:
    """Entities for one article: the trained CRF of its language, the gazetteer, then one key per entity.

    Languages without a shipped model (or a store enriched where the models were not installed) fall
    back to the rules above, which are also the benchmark's peer for what the models changed.
    """

    def __init__(self, tagger: NerTagger | None = None, *, rules: bool = False) -> None:
        self._tagger = tagger or NerTagger()
        self._rules = rules

    def mentions(self, text: str, tokens: list[Token], lang: str | None) -> list[Mention]:
        """Every mention, overlaps resolved (the longest wins; the gazetteer wins ties)."""
        mentions = _gazetteer_mentions(text, lang)
        if lang == "ko":
            mentions = _korean_proper_nouns(mentions, tokens)
        if not self._rules and lang and self._tagger.available(lang):
            mentions += [Mention(text[s.start : s.end], _KINDS[s.label], s.start, s.end)
                         for s in self._tagger.spans(text, tokens, lang)]
        elif lang == "ko":
            mentions += _korean(text, tokens)
        elif lang == "zh":
            mentions += _chinese(text, tokens)
        elif lang == "vi":
            mentions += _vietnamese(text, tokens)
        else:
            mentions += _english(text, lang or "en")
        return _without_overlaps(mentions)

    def find(self, text: str, tokens: list[Token], lang: str | None) -> list[Entity]:
        return _resolve(self.mentions(text, tokens, lang), text, disjoint=True)
