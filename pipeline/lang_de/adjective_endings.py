"""German data: endings of adjectives and adverbs ("kompliziert", "hilfreich", "dramatisch").

Hand-written for this project, after the derivational suffixes of German grammars (Duden,
Die Grammatik, §§ 1000 ff.). Compared with the inflection ("-e", "-en", "-er", "-es") cut off.
"""

from __future__ import annotations

# fmt: off
ADJECTIVE_ENDINGS: tuple[str, ...] = (
    "lich", "ig", "isch", "iert", "bar", "sam", "haft", "los", "voll", "reich", "arm",
    "mäßig", "wert", "würdig", "fähig", "ell", "al", "iv", "ant", "ent", "ös", "weise",
)
# fmt: on
