"""German data: words that open a verb-final clause ("weil der Konzern Stellen abbaut").

Hand-written for this project. In such a clause a noun can follow a cue noun without being
its name, so a cue there only counts for words that are not German common nouns.
"""

from __future__ import annotations

# fmt: off
SUBORDINATORS: frozenset[str] = frozenset(
    {
        "dass", "daß", "weil", "wenn", "ob", "da", "obwohl", "obgleich", "nachdem", "damit",
        "als", "bevor", "ehe", "während", "sodass", "falls", "sofern", "soweit", "seit",
        "seitdem", "bis", "indem", "wie", "wo", "wohin", "woher", "warum", "weshalb",
        "wieso", "was", "wer", "wodurch", "womit", "wofür",
    }
)
RELATIVE_PRONOUNS: frozenset[str] = frozenset(
    {"der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welche", "welcher"}
)
# fmt: on
