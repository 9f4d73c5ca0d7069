"""The mirror of a country pair: how A's outlets cover B, beside how B's outlets cover A.

A newsroom in Hanoi asks how Korean outlets write about Vietnam, and how that
compares with what Vietnamese outlets write about Korea.  A *side* of the
mirror is the outlets whose home is one country (their stored names, from the
outlet directory) and the articles of theirs that name the other country
(``article_countries``, the geo stage).  For each side:

* ``articles`` / ``output`` / ``share``: the articles naming the other country,
  all the side's articles in the period, and the first over the second (so a
  big national wire and a small daily compare on one scale); ``undated`` /
  ``undated_articles``: how many of ``output`` / ``articles`` have no
  publication date (they count only without a time window, never on the timeline);
* ``timeline``: the same per bucket of time (the bucket ``auto`` picks for the
  period, as every chart does), share of the side's output *in that bucket*;
* ``outlets``: the same per outlet of the side;
* ``stories``: the stories holding most of those articles; ``topics``,
  ``people``, ``organizations``: what those articles are about and whom they name;
  ``speakers``: whom they quote;
* ``only``: stories of the mirror that only this side's outlets published in.

A story is *in the mirror* when one side's article in it names the other
country; it is *shared* when both sides' outlets have an article in it in the
period, and for a shared story the side with the earlier publication time
published first.  A domestic view (A = B) has one side: A's outlets on A.

:func:`mirror` takes the outlets of each side as data, so it is tested with
explicit lists; :func:`outlet_mirror` reads them from the outlet directory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from ..store import Store
from ..store.base import Bucket, BucketChoice, OutletCoverage, TrendFilter
from . import AUTO_HOURLY_DAYS, AUTO_MAX_POINTS, bucket_range, bucket_start

if TYPE_CHECKING:
    from ..outlets import OutletDirectory

#: What a side's lists show at most, unless asked otherwise.
TOP = 10


@cache
def known_countries() -> frozenset[str]:
    """The ISO codes the geo stage can find in an article (CLDR territories that are countries)."""
    from ..lang.countries import country_names

    return frozenset(country_names().values())


def country_code(value: str, name: str = "country") -> str:
    """``value`` as an upper-case ISO 3166 code the store can hold; ``ValueError`` naming ``name`` otherwise."""
    code = value.strip().upper()
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise ValueError(f"{name}: {value!r} is not a two-letter ISO country code such as VN or KR")
    if code not in known_countries():
        raise ValueError(f"{name}: {code!r} is no country newsradar recognises (ISO 3166 codes such as VN, KR, CN)")
    return code


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _iso_hours(earlier: str, later: str) -> float:
    start = datetime.fromisoformat(earlier.replace("Z", "+00:00"))
    end = datetime.fromisoformat(later.replace("Z", "+00:00"))
    return round((end - start).total_seconds() / 3600, 1)


def _bucket(days: Iterable[str], bucket: BucketChoice) -> Bucket:
    """The bucket to chart with: :func:`trends.choose_bucket`'s rule on the span of the sides' own days.

    Why not that function itself: it reads every article of the slice per day, 20 ms at 100k
    articles, while the sides' days are read anyway.
    """
    if bucket != "auto":
        return bucket
    dated = [d for d in days if d]
    if not dated:
        return "day"
    span = (bucket_start(max(dated), "day") - bucket_start(min(dated), "day")).days + 1
    return "hour" if span <= AUTO_HOURLY_DAYS else "day" if span <= AUTO_MAX_POINTS else "month"


def _by_bucket(days: dict[str, int], bucket: Bucket) -> dict[str, int]:
    """Per-day counts summed into the chart's buckets (days or months); the undated left out."""
    out: dict[str, int] = {}
    for day, n in days.items():
        if day:
            key = day[:7] if bucket == "month" else day
            out[key] = out.get(key, 0) + n
    return out


def _side(store: Store, country: str, other: str, flt: TrendFilter, sources: list[str],
          days: tuple[dict[str, int], dict[str, int]], top: int) -> tuple[dict[str, Any], OutletCoverage]:
    """One side's totals, outlets and coverage: ``country``'s outlets (``sources``) on ``other``.

    ``days`` are the side's articles naming ``other`` and its whole output per UTC day (``''``: undated).
    """
    named, output = sum(days[0].values()), sum(days[1].values())
    by_outlet = store.outlet_counts(flt, sources, other, by="source")
    listed = sorted(sources, key=lambda s: (-by_outlet.get(s, 0), s))[:top]
    outlet_output = store.outlet_counts(flt, listed, by="source")
    coverage = store.outlet_coverage(flt, sources, other, limit=top)
    top_stories = sorted(coverage.stories.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    side = {
        "country": country, "on": other, "label": f"{country} outlets on {other}",
        "articles": named, "output": output, "share": _share(named, output),
        # undated articles count in the totals of a slice without a window, never on the timeline
        "undated": days[1].get("", 0), "undated_articles": days[0].get("", 0),
        "outlets_total": len(sources),
        "outlets": [{"source": s, "articles": by_outlet.get(s, 0), "output": outlet_output.get(s, 0),
                     "share": _share(by_outlet.get(s, 0), outlet_output.get(s, 0))} for s in listed],
        "stories": [{"id": s, "articles": n} for s, n in top_stories],
        "stories_total": len(coverage.stories),
        "topics": [{"topic": t, "articles": n} for t, n in coverage.topics],
        "people": [{"key": k, "articles": n} for k, n in coverage.entities.get("person", [])],
        "organizations": [{"key": k, "articles": n} for k, n in coverage.entities.get("organization", [])],
        "speakers": [{"key": k, "name": name, "quotes": q, "articles": n} for k, name, q, n in coverage.speakers],
    }
    return side, coverage


def _timelines(store: Store, flt: TrendFilter, plan: list[tuple[str, str, list[str]]],
               days: list[tuple[dict[str, int], dict[str, int]]], bucket: BucketChoice) -> tuple[Bucket, list[Any]]:
    """Each side's articles naming the other, output and share per bucket, on one axis for both sides."""
    chosen = _bucket((d for named_output in days for d in named_output[1]), bucket)
    if chosen == "hour":  # read again by the hour (for ``auto``, only a few days of articles)
        counts = [(store.outlet_counts(flt, sources, other, by="hour"), store.outlet_counts(flt, sources, by="hour"))
                  for _, other, sources in plan]
        counts = [({k: n for k, n in named.items() if k}, {k: n for k, n in output.items() if k})
                  for named, output in counts]
    else:
        counts = [(_by_bucket(named, chosen), _by_bucket(output, chosen)) for named, output in days]
    seen = [k for _, output in counts for k in output]
    keys = bucket_range(min(seen), max(seen), chosen) if seen else []
    return chosen, [[{"bucket": k, "articles": named.get(k, 0), "output": output.get(k, 0),
                      "share": _share(named.get(k, 0), output.get(k, 0))} for k in keys]
                    for named, output in counts]


def _per_side(rows: list[tuple[str, str, int, str | None]], home: list[set[str]]) -> dict[str, list[list[Any]]]:
    """story -> per side ``[articles, first time]`` from :meth:`Store.story_presence` rows."""
    present: dict[str, list[list[Any]]] = {}
    for story_id, source, n, first in rows:
        slots = present.setdefault(story_id, [[0, None], [0, None]])
        for at in (0, 1):
            if source in home[at]:
                slots[at][0] += n
                if first and (slots[at][1] is None or first < slots[at][1]):
                    slots[at][1] = first
    return present


def _compare(store: Store, flt: TrendFilter, sides: list[dict[str, Any]], coverages: list[OutletCoverage],
             sources: list[Sequence[str]], top: int) -> dict[str, Any]:
    """Shared stories with their first publisher, and each side's stories the other has no article in."""
    a, b = sides[0]["country"], sides[1]["country"]
    stories = sorted(set(coverages[0].stories) | set(coverages[1].stories))
    home = [set(sources[0]), set(sources[1])]
    everyone = [*sources[0], *sources[1]]
    present = _per_side(store.story_presence(stories, flt, everyone), home)
    shared_ids = [s for s in stories if present.get(s, [[0], [0]])[0][0] and present.get(s, [[0], [0]])[1][0]]
    only: list[list[dict[str, Any]]] = [[], []]
    for story_id in stories:
        counts = [slot[0] for slot in present.get(story_id, [[0, None], [0, None]])]
        if bool(counts[0]) != bool(counts[1]):
            at = 0 if counts[0] else 1
            only[at].append({"id": story_id, "articles": counts[at]})
    for at in (0, 1):
        only[at].sort(key=lambda s: (-s["articles"], s["id"]))
    # First publication times only for the shared stories: they need each member's article row.
    timed = _per_side(store.story_presence(shared_ids, flt, everyone, first=True), home)
    shared: list[dict[str, Any]] = []
    first_counts = {a: 0, b: 0, "same": 0, "undated": 0}
    for story_id in shared_ids:
        (n_a, first_a), (n_b, first_b) = timed[story_id]
        leader: str | None
        lead: float | None
        if first_a is None or first_b is None:
            leader, lead = None, None
            first_counts["undated"] += 1
        elif first_a == first_b:
            leader, lead = "same", 0.0
            first_counts["same"] += 1
        else:
            leader = a if first_a < first_b else b
            lead = _iso_hours(min(first_a, first_b), max(first_a, first_b))
            first_counts[leader] += 1
        shared.append({"id": story_id, "articles": {a: n_a, b: n_b}, "first": {a: first_a, b: first_b},
                       "first_side": leader, "lead_hours": lead})
    shared.sort(key=lambda s: (-(s["articles"][a] + s["articles"][b]), s["id"]))
    for at, side in enumerate(sides):
        side["only_total"] = len(only[at])
        side["only"] = only[at][:top]
        side["first"] = first_counts[side["country"]]
    return {"shared": shared[:top], "shared_total": len(shared), "first_publisher": first_counts}


def _label(store: Store, data: dict[str, Any]) -> None:
    """Story titles and entity names for what the view lists (one read each, after the counts)."""
    sides = data["sides"]
    ids = {s["id"] for side in sides for key in ("stories", "only") for s in side.get(key, [])}
    ids |= {s["id"] for s in data["shared"]}
    titles: dict[str, str] = {}
    for story_id in sorted(ids):
        story = store.get_story(story_id)
        titles[story_id] = story.title if story is not None else story_id
    for item in [s for side in sides for key in ("stories", "only") for s in side.get(key, [])] + data["shared"]:
        item["title"] = titles[item["id"]]
    keys = [e["key"] for side in sides for kind in ("people", "organizations") for e in side[kind]]
    names = store.facet_labels("entity", keys)
    for side in sides:
        for kind in ("people", "organizations"):
            for e in side[kind]:
                e["name"] = names.get(e["key"], e["key"])


def mirror(store: Store, a: str, b: str, flt: TrendFilter, *, sources_a: Sequence[str], sources_b: Sequence[str],
           bucket: BucketChoice = "auto", top: int = TOP) -> dict[str, Any]:
    """The mirror of ``a`` and ``b`` in the slice (``flt.source`` is ignored: the sides are the outlets).

    ``sources_a`` / ``sources_b`` are the stored outlet names (``articles.source``) whose home is ``a``
    / ``b``; with ``a == b`` only ``sources_a`` is read (the domestic view, one side).  Codes are
    taken as given (see :func:`country_code`).
    """
    window = TrendFilter(since=flt.since, until=flt.until, language=flt.language)
    domestic = a == b
    plan = [(a, b, list(sources_a))] if domestic else [(a, b, list(sources_a)), (b, a, list(sources_b))]
    days = [(store.outlet_counts(window, sources, other), store.outlet_counts(window, sources))
            for _, other, sources in plan]
    chosen, timelines = _timelines(store, window, plan, days, bucket)
    sides: list[dict[str, Any]] = []
    coverages: list[OutletCoverage] = []
    notes = []
    for (country, other, sources), counts, timeline in zip(plan, days, timelines, strict=True):
        side, coverage = _side(store, country, other, window, sources, counts, top)
        side["timeline"] = timeline
        sides.append(side)
        coverages.append(coverage)
        if not sources:
            notes.append(f"No outlet in the store has {country} as its home country, so the {country} side is "
                         "empty: give outlets their home countries in the outlet directory.")
    data: dict[str, Any] = {
        "a": a, "b": b, "domestic": domestic,
        "since": flt.since.isoformat() if flt.since else None,
        "until": flt.until.isoformat() if flt.until else None,
        "language": flt.language, "bucket": chosen, "sides": sides,
        "shared": [], "shared_total": 0, "first_publisher": {},
    }
    if not domestic:
        data.update(_compare(store, window, sides, coverages, [p[2] for p in plan], top))
    data["notes"] = notes
    _label(store, data)
    return data


def home_sources(store: Store, codes: Sequence[str], directory: OutletDirectory | None = None) -> dict[str, list[str]]:
    """The stored outlet names whose home is each of ``codes``, from the outlet directory.

    The one place the mirror learns which outlets belong to a country (:mod:`newsradar.outlets`).
    Building the directory reads every outlet of the store (about 0.2 s at 100k articles): a caller
    asking often passes one it keeps until the store changes (the API does).
    """
    if directory is None:
        from ..outlets import outlet_directory

        directory = outlet_directory(store)
    return {code: sorted(directory.sources_of(code)) for code in dict.fromkeys(codes)}


def outlet_mirror(store: Store, a: str, b: str, flt: TrendFilter, *, bucket: BucketChoice = "auto",
                  top: int = TOP, directory: OutletDirectory | None = None) -> dict[str, Any]:
    """:func:`mirror` with each side's outlets read from the outlet directory."""
    homes = home_sources(store, [a, b], directory)
    return mirror(store, a, b, flt, sources_a=homes[a], sources_b=homes[b], bucket=bucket, top=top)
