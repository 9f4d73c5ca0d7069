"""Wire copies and near-duplicates: MinHash signatures over token shingles, LSH bands in the store.

datasketch computes the signatures and chooses the banding (``b`` bands of
``r`` rows) that best separates pairs above the Jaccard threshold from pairs
below it.  The bands themselves are kept in the store rather than in
datasketch's in-memory index, so detection is incremental across runs and
processes: a new article looks up only its own band keys, whatever the store
holds.  Candidates are confirmed by the signatures' estimated Jaccard.

Shingles are 3-grams of the search terms (words; CJK as character bigrams),
so a trimmed or retitled copy keeps most of its shingles.

A text too short to estimate a Jaccard similarity from (a headline without a
body) still has exact copies: it is filed under one key, the hash of its
normalised text, instead of the bands, so it meets only texts identical to it
(after NFKC, case folding and whitespace) and never a look-alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..model import normalise_text
from ..store.fulltext import index_terms

NUM_PERM = 64
THRESHOLD = 0.6
MIN_SHINGLES = 10


@dataclass(slots=True)
class Signature:
    values: bytes  # NUM_PERM uint64 values (one, the text's hash, for a text filed under its exact key)
    bands: list[str]  # one key per LSH band


class NearDuplicateIndex:
    """Turns text into a signature and its band keys; owns the datasketch parameters."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.bands, self.rows = lsh.b, lsh.r
        # The permutations depend only on the seed: drawing them once, not per article, halves the cost.
        template = MinHash(num_perm=num_perm)
        self._permutations, self._scheme = template.permutations, template.scheme

    def signature(self, title: str, body: str) -> Signature | None:
        """``None`` when there is no text; a short text gets its exact-text key instead of bands."""
        text = body if len(body) >= 80 else f"{title} {body}"
        terms = index_terms(text)
        if not terms:
            return None
        shingles = {" ".join(terms[i : i + 3]).encode("utf-8") for i in range(max(0, len(terms) - 2))}
        if len(shingles) < MIN_SHINGLES:
            # The signature is the text's hash alone: only texts under the same exact key are ever
            # compared with it, and they agree (1.0).  No MinHash for the headlines that make up most
            # of a day's input, and 8 bytes stored for each instead of 512.
            digest = hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=8)
            return Signature(digest.digest(), [f"exact:{digest.hexdigest()}"])
        minhash = MinHash(num_perm=self.num_perm, permutations=self._permutations, scheme=self._scheme)
        minhash.update_batch(list(shingles))
        values = minhash.hashvalues.astype(np.uint64)
        bands = [
            f"{band}:" + hashlib.blake2b(values[band * self.rows : (band + 1) * self.rows].tobytes(),
                                         digest_size=8).hexdigest()
            for band in range(self.bands)
        ]
        return Signature(values.tobytes(), bands)

    @staticmethod
    def similarity(a: bytes, b: bytes) -> float:
        """Estimated Jaccard similarity of two signatures."""
        left, right = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
        return float(np.mean(left == right))
