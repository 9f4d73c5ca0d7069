"""JSON and JSON Lines inputs: every object becomes one structured record.

The mapping of field names onto the article lives in
:mod:`newsradar.extract.records`; this module only splits files into objects
and reports, line by line, what is not an object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import BadDocument
from ..model import RawDocument

#: Keys under which exports commonly wrap their list of articles.
_LIST_KEYS = ("articles", "items", "data", "records", "results", "docs", "entries", "news")


def _record(obj: Any, origin: str, source: str | None, lang: str | None) -> RawDocument | BadDocument:
    if not isinstance(obj, dict):
        return BadDocument(origin, f"JSON value is {_kind(obj)}, not an object", stage="read", sample=repr(obj))
    return RawDocument(origin=origin, kind="record", fields=obj, source=source, lang=lang)


def _kind(value: Any) -> str:
    names = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def iter_jsonl(
    lines: Iterable[bytes], origin: str, *, source: str | None = None, lang: str | None = None
) -> Iterator[RawDocument | BadDocument]:
    """One record per non-blank line; a bad line is reported with its line number and skipped."""
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}#L{number}"
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield BadDocument(where, f"line is not UTF-8 ({exc.reason} at byte {exc.start})", stage="read")
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield BadDocument(where, f"not valid JSON ({exc.msg} at column {exc.colno})", stage="read", sample=text)
            continue
        yield _record(obj, where, source, lang)


def iter_json(
    text: str, origin: str, *, source: str | None = None, lang: str | None = None
) -> Iterator[RawDocument | BadDocument]:
    """A JSON document: one object, an array of objects, or an object wrapping such an array."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield BadDocument(
            origin, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", stage="read"
        )
        return
    if isinstance(data, dict):
        wrapped = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        if wrapped is None:
            yield _record(data, origin, source, lang)
            return
        data = wrapped
    if not isinstance(data, list):
        yield BadDocument(origin, f"JSON document is {_kind(data)}, not an object or an array", stage="read")
        return
    for index, obj in enumerate(data):
        yield _record(obj, f"{origin}#{index}", source, lang)
