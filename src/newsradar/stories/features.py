"""What the story clusterer compares: weighted terms, language-neutral anchors, time.

Two vectors per article:

* ``terms``: the article's own-language content words (title counted twice,
  the lead rather than the whole body), plus its anchors.  Each word is
  weighted by how rare it is in the *language* (a background frequency from
  the ``wordfreq`` package), not by how rare it is in the store: a newsroom
  that ran 300 articles on one trial would otherwise learn that the trial's
  name is common and stop grouping by it.
* ``anchors``: evidence that survives translation: entity keys (one key
  per person across scripts, and the gazetteer maps "VJA", "Hội Nhà báo
  Việt Nam" and "베트남기자협회" to one key), country codes, Latin-script
  names and acronyms inside Korean, Chinese or Vietnamese text, distinctive
  numbers, a name joined to a number by its identity key and the number
  ("싱허-4", "星河-4" and "Xinghe-4" all give ``e:singho-4``: the number alone
  is too short to count), transliterated names by their sound (``s:`` keys, :mod:`.sounds`:
  "Galapagos", 갈라파고스 and 加拉帕戈斯 meet), and the article's content words
  glossed into one English pivot vocabulary (``g:`` keys,
  :mod:`newsradar.lang.lexicon`): 经济, 경제 and "kinh tế" all give
  ``g:econom``, as "economy" does.  Cross-lingual links are made on these
  alone; the glosses and sound keys stay out of ``terms``, so same-language
  clustering is unchanged.

A glossed word weighs by how rare it is in its own language *and* how rare its
English key is (the lower of the two): "cooperation", "media" and "AI" are
everywhere in news of every language, and two stories about different media
forums shared them as much as a translation does; a word's keys share its
weight (a word glossed as three synonyms counts once, not three times).

English words are stemmed (Snowball) so "tapering" meets "taper"; the other
languages arrive already segmented into dictionary words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from operator import itemgetter

from ..enrich.entities import fold, is_country
from ..enrich.identity import ORGANIZATION, identity_key
from ..model import Article
from .sounds import Background  # the word rarity the sound keys weigh by too

#: Terms of the text that count: the lead carries the story; the rest adds noise and cost.
LEAD_TERMS = 120
TITLE_BOOST = 2.0
FULL_TEXT_CHARS = 200
#: Sound keys (``s:``) weigh ``sounds.SOUND_WEIGHT``.  Numbers are the evidence a translation keeps
#: best ("645 miles", "1,040 km", "2008"), so they weigh as much as a name.
ANCHOR_WEIGHTS = {"e": 3.0, "x": 2.0, "n": 3.0, "c": 1.0, "g": 4.0}
#: Glossed content words kept per article (the heaviest): the rest are common words that link everything.
GLOSS_KEYS = 200
#: Words whose weighted glosses :func:`glosses_of` remembers (a day's vocabulary in four languages fits;
#: a flood of one-off tokens empties it instead of growing it).
GLOSS_MEMO_LIMIT = 200_000
_LATIN_NAME = re.compile(r"\b(?:[A-Z][A-Za-z0-9&.-]{1,30}|[A-Z]{2,10}\d*)\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)(?![\w])")
_YEARS = range(1900, 2101)
#: A name joined to a number by a hyphen: a model, rocket, vessel or virus ("Xinghe-4", 싱허-4, 星河-4,
#: "Hwasong-14", 화성-14형).  Han and Hangul names are at most four characters (a longer run is the name
#: with the words before it written solid).
_NAMED_NUMBER = re.compile(
    r"(?<![\w-])([A-Za-z]{2,21}|[\uac00-\ud7a3]{1,4}|[\u4e00-\u9fff]{1,4})"
    r"[-\u2010\u2011\u2013](\d{1,4})(?!\d|[.,-]\d|[A-Za-z])"
)


@dataclass(slots=True)
class StoryFeatures:
    article_id: str
    language: str
    time: datetime
    title: str
    source: str | None
    terms: dict[str, float] = field(default_factory=dict)  # unit length, terms + anchors
    anchors: dict[str, float] = field(default_factory=dict)  # unit length, anchors only
    countries: list[str] = field(default_factory=list)
    full_text: bool = False  # a body to read, not a headline only: similarities run higher
    lead: str = ""  # what an embedding model reads: the headline, or the body's start without one
    embedding: list[float] | None = None
    #: False when the input gave no publication time and ``time`` is only when it was ingested.
    dated: bool = True

    def top(self, k: int) -> list[str]:
        """The heaviest features, used to look up candidate stories."""
        return [t for t, _ in sorted(self.terms.items(), key=itemgetter(1), reverse=True)[:k]]


def article_time(article: Article) -> datetime:
    when = article.published or article.ingested_at or datetime.now(UTC)
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def anchors_of(article: Article) -> Counter[str]:
    """Language-neutral evidence: entity keys, countries, Latin names in other scripts, numbers."""
    found: Counter[str] = Counter()
    e = article.enrichment
    if e is None:
        return found
    for entity in e.entities:
        if entity.kind == "place" and is_country(entity.name):
            continue  # a country is a c: anchor; as an entity too it would count twice
        found[f"e:{entity.key}"] += 1
    for code in e.countries:
        found[f"c:{code}"] += 1
    text = f"{article.title}\n{article.body[:1500]}"
    if e.language in ("ko", "zh", "ja"):
        for match in _LATIN_NAME.finditer(text):
            found[f"x:{fold(match.group())}"] += 1
    for match in _NAMED_NUMBER.finditer(text):
        # the name's identity key is the same in every script: 싱허, 星河 and Xinghe are all ``singho``
        key = identity_key(match.group(1), ORGANIZATION, e.language or article.language or "und")
        if key:
            found[f"e:{key}-{match.group(2)}"] += 1
    for match in _NUMBER.finditer(text):
        digits = match.group().replace(",", "").replace(".", "")
        # Days, months and small counts are everywhere; years say nothing about which event.
        if len(digits) < 3 or (len(digits) == 4 and int(digits) in _YEARS):
            continue
        found[f"n:{digits}"] += 1
    return found


@cache
def _country_glosses() -> frozenset[str]:
    """Stems of the words of every English country name and demonym ("south", "korea", "vietnames")
    and of "country" itself: countries are ``c:`` anchors already, and as glossed words they made two
    articles about the same pair of countries look like one story."""
    import snowballstemmer

    from ..lang.countries import country_names

    stemmer = snowballstemmer.stemmer("english")
    words = {name.lower() for name in country_names() if name.isascii() and name.isalpha()}
    return frozenset(stemmer.stemWords(sorted(words | {"south", "north", "korea", "country", "countries"})))


def gloss_weight(background: Background, token: str, lang: str, key: str) -> float:
    """How much one English key of ``token`` tells, 0..1: the lower of the word's rarity in its own
    language and the key's rarity in English ("cooperation" is common in English whatever the
    word that gave it; a rare-looking Korean compound glossed as "media" is still "media")."""
    source = background.weight(token, lang)
    pivot = background.MAX_WEIGHT - background.glosser.key_zipf(key)
    pivot = min(background.MAX_WEIGHT, max(background.MIN_WEIGHT, pivot))
    return min(source, pivot) / background.MAX_WEIGHT


def _weighted_glosses(background: Background, token: str, lang: str) -> tuple[tuple[str, float], ...]:
    """One word's English keys, each with its weight already shared among them (what
    :func:`glosses_of` adds up); nothing for a country name or a word without keys."""
    if is_country(token):
        return ()
    skip = _country_glosses()
    keys = [k for k in background.glosser.gloss(token, lang) if k not in skip]
    if not keys:
        return ()
    share = 1.0 / math.sqrt(len(keys))
    return tuple((key, gloss_weight(background, token, lang, key) * share) for key in keys)


def glosses_of(tokens: list[str], lang: str, background: Background) -> dict[str, float]:
    """The heaviest English pivot keys of an article's lead, each weighted by :func:`gloss_weight`
    and shared among the keys of its word (divided by the square root of their number: a word
    glossed as "cooperation, collaboration" and its translation glossed "cooperation" then meet
    with the weight one word has).  Country names and their glosses are left out (they are ``c:``
    anchors)."""
    weights: dict[str, float] = {}
    counts: Counter[str] = Counter()
    memo = background.gloss_memo
    for token in tokens[:LEAD_TERMS]:
        weighted = memo.get((token, lang))
        if weighted is None:
            weighted = _weighted_glosses(background, token, lang)
            if len(memo) >= GLOSS_MEMO_LIMIT:
                memo.clear()
            memo[(token, lang)] = weighted
        for key, weight in weighted:
            counts[key] += 1
            weights[key] = max(weights.get(key, 0.0), weight)
    scored = {f"g:{k}": (1.0 + math.log(n)) * weights[k] * ANCHOR_WEIGHTS["g"] for k, n in counts.items()}
    return dict(sorted(scored.items(), key=lambda kv: -kv[1])[:GLOSS_KEYS])


def features_of(article: Article, background: Background) -> StoryFeatures:
    """The clustering view of one enriched article."""
    e = article.enrichment
    lang = (e.language if e else None) or article.language or "und"
    tokens = list(e.tokens) if e else []
    title_lower = article.title.lower()
    counts: dict[str, float] = {}
    weights: dict[str, float] = {}
    for position, token in enumerate(tokens[:LEAD_TERMS]):
        term = background.normalise(token, lang)
        if not term:
            continue
        boost = TITLE_BOOST if position < 40 and token in title_lower else 1.0
        counts[term] = counts.get(term, 0.0) + boost
        weights[term] = max(weights.get(term, 0.0), background.weight(token, lang))
    terms = {f"{lang}:{t}": (1.0 + math.log(c)) * weights[t] for t, c in counts.items() if c > 0}
    anchors = {k: (1.0 + math.log(c)) * ANCHOR_WEIGHTS[k[0]] for k, c in anchors_of(article).items()}
    return StoryFeatures(
        article_id=article.id,
        language=lang,
        time=article_time(article),
        title=article.title,
        source=article.source,
        terms=_unit({**terms, **anchors}),
        anchors=_unit({**anchors, **glosses_of(tokens, lang, background),
                       **background.sounds.of(article, lang, tokens[:LEAD_TERMS])}),
        countries=list(e.countries) if e else [],
        lead=article.title.strip() or article.body[:300],
        full_text=len(article.body) >= FULL_TEXT_CHARS,
        dated=article.published is not None,
    )
