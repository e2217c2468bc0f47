"""Build pipeline/data/ror_dach_names.txt from ROR's records for Germany, Austria, Switzerland.

    .venv/bin/python scripts/build_ror_names.py ../shared/data/gazetteers/ror_dach.jsonl

Data: Research Organization Registry (https://ror.org/), CC0. Kept: German or untagged names
(display names, labels, aliases; no acronyms, which collide with words and other names),
after precision filters: no name that is a German common noun or any other word of the
lexicon, a place or a function word; one-word names only hyphenated, CamelCase or with a
digit, of five letters or more and not in capitals.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from pipeline.extract.gazetteer import get_gazetteer
from pipeline.nlp.lexicon import is_common_noun, is_function_word, is_known_word

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "ror_dach_names.txt"
_COUNTRY_NOTE = re.compile(r"\s*\((Germany|Austria|Switzerland|Deutschland|Österreich|Schweiz)\)$")
HEADER = (
    "# Names of research organisations in Germany, Austria and Switzerland, one a line.\n"
    "# Derived from the Research Organization Registry (ROR, https://ror.org/), CC0 1.0,\n"
    "# by scripts/build_ror_names.py (precision filters in its docstring).\n"
)


def keep(name: str, kind: str) -> bool:
    words = name.split()
    if not words or any(is_function_word(w) for w in words[:1]):
        return False
    if kind == "acronym":
        return False  # "AHS", "ARC", "AGO": short forms collide with words and other names
    if len(words) == 1:
        # One word only with a shape no plain word has: "Alfred-Wegener-Institut",
        # "AstraZeneca", "50Hertz"; "Access" and "Antenna" are words in other languages.
        shaped = "-" in name or any(c.isdigit() for c in name) or any(c.isupper() for c in name[1:])
        return (
            len(name) >= 5
            and shaped
            and any(c.islower() for c in name)
            and not is_common_noun(name)
            and not is_known_word(name)
            and not get_gazetteer().candidates(name)
        )
    # Several words: not a place ("Bad Homburg") and not all of them common words.
    if get_gazetteer().candidates(name):
        return False
    gazetteer = get_gazetteer()
    return not all(
        is_common_noun(w) or is_known_word(w) or gazetteer.candidates(w) for w in words
    )  # "Land Nordrhein-Westfalen", "Stadt Wien": the place, not a research organisation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ror", type=Path, help="ror_dach.jsonl")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    names: set[str] = set()
    for line in args.ror.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for entry in record["names"]:
            kinds = entry["type"].split(",")
            if entry.get("lang") not in ("", "de"):
                continue
            name = _COUNTRY_NOTE.sub("", " ".join(entry["name"].split()))
            kind = "acronym" if "acronym" in kinds else "name"
            if keep(name, kind):
                names.add(name)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(HEADER + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
