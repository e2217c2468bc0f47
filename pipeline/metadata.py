"""Ingest: an article's metadata (date, source, URL, author, ...) from wherever the file has it.

Sources, strongest first: a sidecar file beside the article (`NAME.json`, `NAME.meta.json`),
YAML front matter, the HTML page's own metadata (through trafilatura and htmldate), a byline
in the text, `--source` on the command line, and the first folder level below the input.
Each field is taken from the strongest source that has it; `metadata_from` names the sources
that gave at least one field.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from .lang_de.bylines import BYLINE_LEADS, BYLINE_ROLES, NAME_PARTICLES, NOT_AUTHOR_WORDS

log = logging.getLogger(__name__)

# The fields with a column of their own, and the keys that fill them in front matter and
# sidecar files (CMS exports name them in English or German; compared in lower case).
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel", "headline", "überschrift", "ueberschrift"),
    "published": (
        "date", "published", "datum", "publication_date", "pubdate", "date_published",
        "datepublished", "veröffentlicht", "erschienen",
    ),
    "source": ("source", "publication", "quelle", "sitename", "site", "publisher", "medium"),
    "url": ("url", "link", "canonical", "permalink"),
    "author": ("author", "authors", "autor", "autorin", "autoren", "byline"),
    "section": ("section", "category", "categories", "ressort", "rubrik"),
    "teaser": ("teaser", "description", "lead", "summary", "vorspann", "abstract"),
}  # fmt: skip
FIELDS = tuple(FIELD_KEYS)
SIDECAR_SUFFIXES = (".meta.json", ".json")

# Publication years we accept: older dates are typos ("1016"), later ones too ("20156").
MIN_YEAR = 1800
MAX_YEAR_AHEAD = 1

# Share of the identifier's probability above which a long text counts as not German.
NOT_GERMAN_CONFIDENCE = 0.99
MIN_CHARS_FOR_LANGUAGE = 200  # letters; fewer are too few to be sure: treated as German


class DateError(ValueError):
    """A date string that names no real calendar date."""


def normalise_date(value: str) -> str:
    """An ISO date ("2015-11-01") or date-time ("2015-11-01T10:15:00+01:00") as found.

    Reads ISO 8601 and German forms ("01.11.2015", "1. November 2015", "3. Jänner 2016,
    10:15 Uhr"). Raises DateError for impossible dates (2016-02-31), implausible years
    (20156) and text that is no date.
    """
    text = str(value).strip()
    if not text:
        raise DateError("empty date")
    parsed: date | datetime | None = None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        has_time = has_time or "T" in text
    except ValueError:
        if re.match(r"\d{4}-\d{1,2}-\d{1,2}", text):
            raise DateError(f"not a calendar date: {text!r}") from None  # ISO, but impossible
        parsed = _parse_german_date(text)
    if parsed is None:
        raise DateError(f"not a date: {text!r}")
    if not MIN_YEAR <= parsed.year <= date.today().year + MAX_YEAR_AHEAD:
        raise DateError(f"implausible year {parsed.year} in {text!r}")
    if isinstance(parsed, datetime) and has_time:
        if parsed.time() == datetime.min.time() and parsed.tzinfo is None:
            # htmldate writes a bare date as midnight: no time was given
            return parsed.date().isoformat()
        return parsed.isoformat()
    return (parsed.date() if isinstance(parsed, datetime) else parsed).isoformat()


_NUMERIC_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")


def _parse_german_date(text: str) -> datetime | None:
    # dateparser knows German and Austrian month names ("Jänner") and numeric day-first
    # forms; strict parsing asks for day, month and year, so "März 2020" is no date.
    if not re.search(r"\d", text) or len(text) > 60:
        return None
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:  # "14.3.2024", the commonest form: without dateparser's second of set-up
        day, month, year = (int(part) for part in numeric.groups())
        try:
            return datetime(year, month, day)
        except ValueError:
            raise DateError(f"not a calendar date: {text!r}") from None
    import dateparser

    return dateparser.parse(
        text,
        languages=["de", "en"],
        settings={"STRICT_PARSING": True, "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False},
    )


@dataclass(slots=True)
class Metadata:
    """Fields found in one source; `extra` holds keys without a column."""

    fields: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def metadata_from_mapping(data: dict[str, Any], origin: str) -> Metadata:
    """Map front matter or sidecar keys to the columns; unknown keys go to `extra`."""
    found = Metadata()
    lookup = {key: name for name, keys in FIELD_KEYS.items() for key in keys}
    for key, value in data.items():
        name = lookup.get(str(key).strip().lower())
        text = _as_text(value)
        if name is None or name in found.fields:
            found.extra[str(key)] = _jsonable(value)
        elif text:
            found.fields[name] = text
    published = found.fields.get("published")
    if published:
        try:
            found.fields["published"] = normalise_date(published)
        except DateError as exc:
            log.warning("%s: date left empty: %s", origin, exc)
            found.extra.setdefault("date_unreadable", published)
            del found.fields["published"]
    return found


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(text for item in value if (text := _as_text(item)))
    if isinstance(value, dict):
        return ""
    return " ".join(str(value).split())


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: dict[str, Any]
    body_start: int  # where the text after the front matter block begins
    error: str = ""


def split_front_matter(text: str) -> FrontMatter | None:
    """A YAML front matter block at the very start of a text, or None.

    The block is found by python-frontmatter's YAML handler; values are read as strings
    (YAML's BaseLoader), so a date like 2016-02-31 is ours to check, not a YAML error.
    """
    import frontmatter
    import yaml

    if not text.startswith("---"):
        return None
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return None
    try:
        block, content = handler.split(text)
    except ValueError:
        return None  # an opening "---" and no closing one: a horizontal rule, not metadata
    start = len(text) - len(content)
    while start < len(text) and text[start] in "\r\n":
        start += 1
    try:
        data = yaml.load(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        return FrontMatter({}, start, f"front matter is not valid YAML ({reason[:120]})")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter({}, start, "front matter is not a mapping of keys to values")
    return FrontMatter(data, start)


def find_sidecar(path: Path) -> Path | None:
    """`NAME.meta.json` or `NAME.json` beside `NAME.txt` (the first that exists)."""
    # os.path on strings: asked for every listed file of every run, where pathlib's
    # with_name and is_file cost more than the stat itself.
    folder = folder_prefix(path)
    name = sidecar_name(path.name, path.suffix, _FilesOnDisk(folder))
    return Path(folder + name) if name else None


def is_sidecar(path: Path, article_suffixes: frozenset[str]) -> bool:
    """True for a `.json` file that has an article of the same name beside it."""
    return names_a_sidecar(path.name, article_suffixes, _FilesOnDisk(folder_prefix(path)))


def folder_prefix(path: Path, text: str = "") -> str:
    """The path's folder as a string ending with the separator ("" for a bare name);
    `text`: the path as a string already (a listing's os.DirEntry.path), else str(path)."""
    text = text or str(path)
    return text[: len(text) - len(path.name)]


def sidecar_name(name: str, suffix: str, files: Container[str]) -> str:
    """The name of the sidecar of the article file `name` (its `suffix` as Path gives it),
    the first of SIDECAR_SUFFIXES in `files`, the names of the files beside it ("": none)."""
    stem = name[: -len(suffix)] if suffix else name
    for ending in SIDECAR_SUFFIXES:
        if stem + ending in files:
            return stem + ending
    return ""


def names_a_sidecar(name: str, article_suffixes: frozenset[str], files: Container[str]) -> bool:
    """True when `name` ends as a sidecar does and `files`, the names of the files beside
    it, hold an article of the same name."""
    lower = name.lower()
    for ending in SIDECAR_SUFFIXES:
        if lower.endswith(ending):
            stem = name[: -len(ending)]
            return any(stem + suffix in files for suffix in article_suffixes)
    return False


class _FilesOnDisk:
    """The files of a folder, asked of the file system name by name: for a file that came
    without its folder's listing (the input is one file, or a link)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder  # ends with the separator, or is "" for the current folder

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and os.path.isfile(self.folder + name)


def read_sidecar(path: Path, origin: str) -> Metadata | None:
    """The sidecar's metadata; a broken one is logged and ignored (None)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        log.warning("%s: sidecar %s ignored: %s", origin, path.name, exc)
        return None
    return parse_sidecar(raw, path.name, origin)


def parse_sidecar(raw: bytes, name: str, origin: str) -> Metadata | None:
    """A sidecar's bytes as metadata; a broken one is logged and ignored (None)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        log.warning("%s: sidecar %s ignored: %s", origin, name, exc)
        return None
    if not isinstance(data, dict):
        log.warning("%s: sidecar %s ignored: not a JSON object", origin, name)
        return None
    return metadata_from_mapping(data, origin)


def stat_signature(path: Path | str | None) -> str:
    """Size and mtime of a file, as the fast path compares them ("" when there is none)."""
    if path is None:
        return ""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"


def html_metadata(doc: Any, html: str, origin: str) -> Metadata:
    """What trafilatura read from the page's meta tags, JSON-LD and markup."""
    found = Metadata()
    values = {
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "source": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None),
        "teaser": getattr(doc, "description", None),
        "section": "; ".join(getattr(doc, "categories", None) or []),
    }
    for name, value in values.items():
        text = _as_text(value)
        if name == "author":
            text = clean_author(text)
        if text:
            found.fields[name] = text
    hostname = getattr(doc, "hostname", None)
    if hostname:
        found.extra["hostname"] = hostname
        found.fields.setdefault("source", hostname)
    tags = getattr(doc, "tags", None)
    if tags:
        found.extra["tags"] = list(tags)
    published = getattr(doc, "date", None) or _htmldate_fallback(html, found.fields.get("url"))
    if published:
        try:
            found.fields["published"] = normalise_date(published)
        except DateError as exc:
            log.warning("%s: date left empty: %s", origin, exc)
    return found


def clean_author(text: str) -> str:
    """Authors without the byline box's other parts ("Lesezeit 3 Minuten")."""
    parts = [part.strip() for part in re.split(r"[;|]", text)]
    kept = [
        part
        for part in parts
        if part
        and not re.search(r"\d", part)
        and not {word.lower() for word in part.split()} & NOT_AUTHOR_WORDS
    ]
    # "Von unserer Wirtschaftsredaktion": the desk is the author, "unserer" is the paper's.
    kept = [re.sub(r"^(?:[Vv]on\s+)?[Uu]nser(?:e|er|em|en)\s+", "", part) for part in kept]
    return "; ".join(part for part in kept if part)


def _htmldate_fallback(html: str, url: str | None) -> str | None:
    # trafilatura asks htmldate for the original publication date in the markup only; a
    # page that has none may still carry a last-modified date, which beats no date. A date
    # guessed from the running text is not used: it is as often an event the text names.
    from htmldate import find_date

    try:
        return find_date(html, url=url, original_date=False, extensive_search=False)
    except Exception:  # htmldate raises on odd markup; no date is the answer then
        return None


_NAME_WORD = r"[A-ZÄÖÜ][\wäöüßÄÖÜ'’\-.]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:{'|'.join(NAME_PARTICLES)})\s+)*{_NAME_WORD}){{1,3}}"
_BYLINE = re.compile(
    rf"^[ \t]*(?:{'|'.join(re.escape(lead) for lead in BYLINE_LEADS)})\s+"
    rf"(?:(?:{'|'.join(BYLINE_ROLES)})\s+)?"
    rf"(?P<author>{_NAME}(?:\s*(?:,|und|&)\s*{_NAME})*)[ \t]*$",
    re.MULTILINE,
)
# "(Markus Bernath; 01.11.2015)", "(mahr, 30.3.2016)": author and date closing a text.
_CLOSING = re.compile(
    r"\((?P<author>[^()\n;,]{2,60})[;,]\s*"
    r"(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2}))\)\s*$"
)
# How far into the body a byline may stand: below the headline, above the first paragraph.
BYLINE_WINDOW = 400


@dataclass(frozen=True, slots=True)
class Byline:
    author: str
    published: str
    span: tuple[int, int]


def find_bylines(text: str, start: int, origin: str) -> list[Byline]:
    """An author line near the top ("Von Anna Schulte") and a closing "(Name; date)"."""
    found: list[Byline] = []
    top = _BYLINE.search(text, start, min(len(text), start + BYLINE_WINDOW))
    if top is not None:
        found.append(Byline(" ".join(top.group("author").split()), "", top.span()))
    closing = _CLOSING.search(text, max(start, len(text) - 200))
    if closing is not None:
        try:
            published = normalise_date(closing.group("date").replace(" ", ""))
        except DateError as exc:
            log.warning("%s: date left empty: %s", origin, exc)
            published = ""
        span = (closing.start(), closing.end("date") + 1)
        found.append(Byline(closing.group("author").strip(), published, span))
    return found


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    # py3langid ships its own model (langid.py's, retrained) as an LZMA-packed npz:
    # unpacking it takes 0.6-0.9 s, a nightly run's largest start-up cost after spaCy. So
    # it is loaded once per process, only when an article needs it, and the unpacked
    # identifier is kept as a pickle in our cache folder (69 MB, under 0.1 s to load), named by
    # py3langid's version and the model file's size and time.
    from importlib.metadata import version

    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from .cache import cache_file, cached_pickle

    def load() -> Any:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    try:
        stat = (MODEL_DIR / MODEL_FILE).stat()
    except OSError:  # let py3langid say what is wrong with its model
        return load()
    key = f"{version('py3langid')}-{stat.st_size}-{stat.st_mtime_ns}"
    return cached_pickle(
        cache_file(f"py3langid-{key}.pickle"), "py3langid-*.pickle", load, LanguageIdentifier
    )


_NOT_LETTERS = re.compile(r"[\W\d_]+")


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability for a text ("de", 0.999), from its words only.

    Digits and punctuation say nothing about the language (a table of numbers would come
    out as anything), so they are left out; a text without words has no language ("").
    """
    words = _NOT_LETTERS.sub(" ", text[:20000]).strip()
    if not words:
        return "", 0.0
    language, probability = _language_identifier().classify(words)
    return str(language), float(probability)


def is_german(text: str, language: str, probability: float) -> bool:
    """Whether the German extraction should run: clearly other languages are left out."""
    if language in ("de", ""):
        return True
    letters = len(_NOT_LETTERS.sub("", text[:20000]))
    if letters < MIN_CHARS_FOR_LANGUAGE:
        return True  # too little text to be sure
    return probability < NOT_GERMAN_CONFIDENCE


def content_hash(text: str) -> str:
    """Of the text with whitespace normalised: the same story in .txt and .html matches."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
