"""German news bylines: the words that lead an author line ("Von Anna Schulte").

From German newspaper practice (WAZ, Rheinische Post, Der Standard, dpa): an author line
opens with "Von", sometimes with the author's role between ("Von unserer Redakteurin ...").
"""

from __future__ import annotations

BYLINE_LEADS = ("Von", "VON", "Text:", "Text von")

# Words that may stand between the lead and the name; the name follows them.
BYLINE_ROLES = (
    "unserem Redakteur",
    "unserer Redakteurin",
    "unserem Korrespondenten",
    "unserer Korrespondentin",
    "unserem Mitarbeiter",
    "unserer Mitarbeiterin",
    "unseren Redakteuren",
)

# Name particles that are written in lower case inside a person's name.
NAME_PARTICLES = ("von", "van", "de", "der", "den", "zu", "vom", "di", "da", "la", "le")

# Words that sit in a page's byline box next to the author but name no one: trafilatura
# reads "Von Anna Schulte | Lesezeit 3 Minuten" as two authors.
NOT_AUTHOR_WORDS = frozenset(
    {"lesezeit", "minuten", "min.", "aktualisiert", "uhr", "kommentare", "teilen", "drucken"}
)
