"""What a crfsuite model file knows, read without loading it into a tagger.

Both the entity tagger (:mod:`.ner.tagger`) and the Vietnamese segmenter
(:mod:`.vietnamese`, whose models are pyvi's) leave out the feature strings
a model has no weight for; the reader lives here, below both, so neither
imports the other.
"""

from __future__ import annotations

import struct

import numpy as np


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
    header = _header(data)
    if header is None:
        return None
    _n_labels, n_attrs, _off_features, _off_labels, off_attrs = header
    names = _cqdb_names(data, off_attrs, n_attrs)
    return frozenset(names) if names is not None else None


def _header(data: bytes) -> tuple[int, int, int, int, int] | None:
    """A crfsuite model file's label and attribute counts and the offsets of its feature, label and attribute
    tables (``crf1dm_model``'s header), or ``None`` when the bytes do not start like such a model."""
    try:
        magic, _size, kind, _version, _features, n_labels, n_attrs, off_features, off_labels, off_attrs = (
            struct.unpack_from("<4sI4sIIIIIII", data, 0))
    except struct.error:
        return None
    if magic != b"lCRF" or kind != b"FOMC":
        return None
    return n_labels, n_attrs, off_features, off_labels, off_attrs


#: A model's labels (in crfsuite's label order), each attribute's state weights (one per label, 0.0 where the
#: model has no feature), and the transition weights (``[from][to]``).
Weights = tuple[list[str], dict[str, tuple[float, ...]], list[list[float]]]


def model_weights(data: bytes) -> Weights | None:
    """Every weight of a crfsuite model file, read the way crfsuite's tagger reads them (``crf1dm_model``).

    Why: for a model with few labels (pyvi's segmenter has two), scoring an
    item in Python from remembered sums costs less than converting its
    feature strings for python-crfsuite (see :mod:`.vietnamese`).  Weights are
    the file's own doubles, so sums made in crfsuite's order are crfsuite's
    sums.  ``None`` when the bytes are not a model this reader knows.
    """
    parts = _model_parts(data)
    if parts is None:
        return None
    labels, attrs, start, count = parts
    n_labels = len(labels)
    try:
        state = [[0.0] * n_labels for _ in attrs]
        transitions = [[0.0] * n_labels for _ in labels]
        for kind_id, src, dst, weight in struct.iter_unpack("<IIId", data[start : start + 20 * count]):
            if kind_id == 0:
                state[src][dst] = weight
            elif kind_id == 1:
                transitions[src][dst] = weight
            else:
                return None
    except (struct.error, IndexError):
        return None
    return labels, {name: tuple(row) for name, row in zip(attrs, state, strict=True)}, transitions


#: A model's labels (crfsuite's label order), its attribute names (attribute id order), the state weights
#: (``[attribute][label]``, 0.0 where the model has no feature) and the transition weights (``[from][to]``).
Arrays = tuple[list[str], list[str], np.ndarray, np.ndarray]

#: One feature record of a crfsuite model file (``crf1dm_feature_t``): kind (0 state, 1 transition), source
#: (attribute or label), destination label, weight.
_FEATURE = np.dtype([("kind", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def model_arrays(data: bytes) -> Arrays | None:
    """:func:`model_weights` as numpy arrays, for a model with many labels.

    Why: pyvi's part-of-speech model has 19 labels and 38,000 attributes;
    a tuple of 19 Python floats per attribute would hold about 25 MB where
    this matrix holds 6 MB, and is what numpy gathers rows from.  Same
    file, same doubles.  ``None`` when the bytes are not a model this reader
    knows.
    """
    parts = _model_parts(data)
    if parts is None:
        return None
    labels, attrs, start, count = parts
    n_labels, n_attrs = len(labels), len(attrs)
    try:
        features = np.frombuffer(data, dtype=_FEATURE, count=count, offset=start)
    except ValueError:
        return None
    state_kind, transition_kind = features["kind"] == 0, features["kind"] == 1
    src, dst = features["src"].astype(np.intp), features["dst"].astype(np.intp)
    if (not (state_kind | transition_kind).all() or (dst >= n_labels).any()
            or (src[state_kind] >= n_attrs).any() or (src[transition_kind] >= n_labels).any()):
        return None
    state = np.zeros((n_attrs, n_labels), dtype=np.float64)
    transitions = np.zeros((n_labels, n_labels), dtype=np.float64)
    state[src[state_kind], dst[state_kind]] = features["weight"][state_kind]
    transitions[src[transition_kind], dst[transition_kind]] = features["weight"][transition_kind]
    return labels, attrs, state, transitions


def _model_parts(data: bytes) -> tuple[list[str], list[str], int, int] | None:
    """A crfsuite model file's labels and attribute names (id order), and where its feature records start and
    how many there are: what both weight readers need first.  ``None`` when the bytes are not such a model."""
    header = _header(data)
    if header is None:
        return None
    n_labels, n_attrs, off_features, off_labels, off_attrs = header
    labels, attrs = _cqdb_names(data, off_labels, n_labels), _cqdb_names(data, off_attrs, n_attrs)
    try:
        chunk, _csize, count = struct.unpack_from("<4sII", data, off_features)
    except struct.error:
        return None
    if labels is None or attrs is None or chunk != b"FEAT":
        return None
    return labels, attrs, off_features + 12, count


def _cqdb_names(data: bytes, offset: int, count: int) -> list[str] | None:
    """The strings of the CQDB table at ``offset`` in id order, or None when it is not one of ``count`` strings."""
    try:
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
    return names
