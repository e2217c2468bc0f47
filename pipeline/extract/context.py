"""Extract stage: the organisation and place each figure is about (`org`, `place`).

A pure function of the article text, its entities, its figures and the dateline: it runs
after both are final (the figures component runs before the entity rules settle). For org:
the nearest ORG of the figure's clause (before it first: the subject of a German main
clause mostly stands before the verb and the figure), else of its sentence, else, when the
sentence refers to one ("das Unternehmen", "der Konzern"), the latest one before. For
place: the nearest LOC of the clause only, else the dateline's place; `context_from` says
which.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.lang_de.entity_stoplist import ORG_DESCRIPTOR_ENDINGS
from pipeline.records import Entity, Figure

_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[–-]\s")
_ORG_ANAPHOR = re.compile(
    r"\b(?:[Dd]as|[Dd]er|[Dd]ie|[Dd]es|[Dd]em|[Dd]en)\s+(?:\w+\s+)?(?P<noun>[A-ZÄÖÜ][\w-]*)"
)
_PLACE_LABELS = frozenset({"LOC"})


def _sentence_span(text: str, figure: Figure) -> tuple[int, int]:
    """Offsets of the figure's sentence in the text (Figure.sentence is stripped text)."""
    sentence = figure.sentence
    if sentence:
        start = text.rfind(
            sentence, max(0, figure.end - len(sentence)), figure.start + len(sentence)
        )
        if start != -1 and start <= figure.start:
            return start, start + len(sentence)
    return max(0, figure.start - 200), min(len(text), figure.end + 200)


def _clause_span(text: str, sent: tuple[int, int], figure: Figure) -> tuple[int, int]:
    start = sent[0]
    for match in _CLAUSE_BREAK.finditer(text, sent[0], figure.start):
        start = match.end()
    found = _CLAUSE_BREAK.search(text, figure.end, sent[1])
    return start, found.start() if found else sent[1]


def _nearest(
    mentions: Sequence[Entity], figure: Figure, spans: Sequence[tuple[int, int]]
) -> Entity | None:
    """The mention of the first span nearest before the figure, else the nearest after it
    in that span, else the same over the next span."""
    for low, high in spans:
        inside = [m for m in mentions if low <= m.start and m.end <= high]
        before = [m for m in inside if m.end <= figure.start]
        if before:
            return before[-1]
        after = [m for m in inside if m.start >= figure.end]
        if after:
            return after[0]
    return None


def _refers_to_org(text: str, sent: tuple[int, int]) -> bool:
    for match in _ORG_ANAPHOR.finditer(text, sent[0], sent[1]):
        if match.group("noun").lower().endswith(ORG_DESCRIPTOR_ENDINGS):
            return True
    return False


def assign_context(
    figures: list[Figure], entities: Sequence[Entity], text: str, dateline: str = ""
) -> list[Figure]:
    """Set `org`, `place` and `context_from` of each figure (in place; returns the list);
    a `measure` that is a name of the sentence is cleared (the figures component ran before
    the entities were final)."""
    orgs = sorted((e for e in entities if e.label == "ORG"), key=lambda e: e.start)
    places = sorted((e for e in entities if e.label in _PLACE_LABELS), key=lambda e: e.start)
    for figure in figures:
        if figure.kind in ("date", "year"):
            continue  # a time is about nothing
        sent = _sentence_span(text, figure)
        if figure.measure and any(
            figure.measure in (e.text, e.canonical) and sent[0] <= e.start < sent[1]
            for e in entities
        ):
            figure.measure = ""  # "Andritz gewann 2,4 Prozent": a name is whose, not what
        clause = _clause_span(text, sent, figure)
        sources = []
        org = _nearest(orgs, figure, (clause, sent))
        if org is None and _refers_to_org(text, sent):
            earlier = [m for m in orgs if m.end <= sent[0] and m.end >= sent[0] - 400]
            if earlier:
                org = earlier[-1]
                sources.append("previous")
        elif org is not None:
            sources.append("sentence")
        # A place in another clause mostly belongs to another statement ("Wie die Firma in
        # Linz mitteilte, ..."): places come from the figure's clause only.
        place = _nearest(places, figure, (clause,))
        if place is not None:
            figure.place = place.canonical
            if "sentence" not in sources:
                sources.append("sentence")
        elif dateline:
            figure.place = dateline
            sources.append("dateline")
        if org is not None:
            figure.org = org.canonical
        figure.context_from = "+".join(sources)
    return figures
