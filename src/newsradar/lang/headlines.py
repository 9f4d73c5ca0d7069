"""What a headline derived from an article's first sentence may look like.

Used when a record has no title (THUCNews items, Korean dumps): the first
sentence of the body, cut to fit a listing row.
"""

#: Most columns a derived headline takes; a wide (CJK) character counts two.
MAX_WIDTH = 90
#: Appended when the sentence was cut.
ELLIPSIS = "…"
#: Ends a sentence wherever it stands (no space follows in Chinese or Japanese).
CJK_SENTENCE_END = "。！？!?"
#: Ends a sentence when a space or the end of the text follows.
SENTENCE_END = ".!?"
#: Closing quotes and brackets that belong to the sentence they end.
CLOSERS = "”’\"'»」』）)]"
#: Words a full stop follows without ending the sentence (compared case-insensitively, without the stop).
ABBREVIATIONS = frozenset({
    # English
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "jr", "sr",
    "inc", "corp", "co", "ltd", "no", "vs", "etc", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "al",
    # Vietnamese
    "tp", "ts", "ths", "gs", "pgs", "bs", "ks", "ls", "nxb", "q", "p", "tt",
})
#: Punctuation dropped from the end of a cut headline before the ellipsis.
TRAILING = " ,;:、，；：-–—(（[「『“‘\"'"
