"""What a crfsuite model file knows, read without loading it into a tagger.

Both the entity tagger (:mod:`.ner.tagger`) and the Vietnamese segmenter
(:mod:`.vietnamese`, whose models are pyvi's) leave out the feature strings
a model has no weight for; the reader lives here, below both, so neither
imports the other.
"""

from __future__ import annotations

import struct


def model_attributes(data: bytes) -> frozenset[str] | None:
    """The attribute names a crfsuite model has weights for, read from the model file's bytes.

    Why: crfsuite silently skips every attribute its model does not know, but
    only after python-crfsuite has converted it (UTF-8 bytes, C++ strings, a
    dictionary lookup), and that conversion was more than half of
    ``Tagger.tag``'s time.  A quarter to two fifths of the feature strings of
    news text are such strangers, word and character pairs above all (nineteen
    in twenty of them), so the feature code of a language that takes ``known``
    leaves out the pairs the model does not know before the call; the labels
    cannot change, since the model never saw them.  Read from the file (crfsuite's CQDB attribute table,
    ``crf1dm_model`` layout) in milliseconds, where ``Tagger.info()`` would
    dump and parse every weight.  ``None`` when the bytes are not a model
    this reader knows: then nothing is left out.
    """
    try:
        magic, _size, kind, _version, _features, _labels, count, _f, _l, offset = struct.unpack_from(
            "<4sI4sIIIIIII", data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            return None
        chunk, _csize, _flag, _order, size, backward = struct.unpack_from("<4sIIIII", data, offset)
        if chunk != b"CQDB" or size != count:
            return None
        names: list[str] = []
        for number, position in enumerate(struct.unpack_from(f"<{size}I", data, offset + backward)):
            record, length = struct.unpack_from("<II", data, offset + position)
            if record != number or length < 1:
                return None
            start = offset + position + 8
            names.append(data[start : start + length - 1].decode("utf-8"))
    except (struct.error, UnicodeDecodeError):
        return None
    return frozenset(names)
