"""Sentence boundaries of a Doc as character offsets, read from arrays."""

from __future__ import annotations

from spacy.attrs import DEP, IDX, SENT_START
from spacy.tokens import Doc


def sentence_bounds(doc: Doc, length: int) -> tuple[list[int], list[int]]:
    """Character starts and ends of the Doc's sentences (the whole text if it has none).

    Read from arrays, not `doc.sents`: that walks every token in Python, which costs more
    than the whole figure search and was a third of the entity records' time.
    """
    array = doc.to_array([SENT_START, IDX, DEP])
    # Like doc.has_annotation("SENT_START") or ("DEP"), without a Python loop over tokens.
    if not len(doc) or not ((array[1:, 0] != 0).any() or (array[:, 2] != 0).any()):
        return [0], [length]
    firsts = [0] + [int(i) for i in (array[1:, 0] == 1).nonzero()[0] + 1]
    starts = [int(array[i, 1]) for i in firsts]
    ends = starts[1:] + [length]
    return starts, ends


# The context written with each mention: its sentence, cut to a window around the mention
# when the sentence is longer. A text without sentence ends (a table pasted as one line)
# would otherwise repeat itself in every row: output and time quadratic in its length.
CONTEXT_BEFORE = 200
CONTEXT_AFTER = 250  # counted from the mention's start, so the mention itself fits
ELLIPSIS = "…"


def sentence_context(text: str, start: int, end: int, position: int) -> str:
    """The sentence text[start:end] around `position`, at most about 450 characters."""
    lo, hi = max(start, position - CONTEXT_BEFORE), min(end, position + CONTEXT_AFTER)
    context = text[lo:hi].strip()
    if lo > start:
        context = ELLIPSIS + context
    if hi < end:
        context += ELLIPSIS
    return context
