"""Ingest: walk input folders and turn each file into a decoded Article (text, title, dateline)."""

from __future__ import annotations

import codecs
import errno
import hashlib
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .metadata import (
    Metadata,
    content_hash,
    detect_language,
    find_bylines,
    find_sidecar,
    folder_prefix,
    html_metadata,
    is_german,
    is_sidecar,
    metadata_from_mapping,
    names_a_sidecar,
    parse_sidecar,
    read_sidecar,
    sidecar_name,
    split_front_matter,
    stat_signature,
)
from .records import Article
from .remote import RemoteObject, fetch, is_url, list_objects, local_name

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# Legacy encodings we accept when a file is not UTF-8: German newsroom archives are cp1252
# (Windows) or latin-1/latin-9. charset-normalizer chooses among these only: left free it
# reads short German latin-1 text as mac_roman ("B¸rgermeister") or Cyrillic.
LEGACY_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")

# Share of control characters above which decoded text is treated as binary garbage.
MAX_CONTROL_SHARE = 0.01

# Characters a German text in the right legacy encoding is made of, beyond ASCII: the
# Latin-1 letters, Latin-9's extras and German typography. Decoded garbage is mostly other
# characters, whatever code page it was decoded with.
WESTERN_CHARS = (
    frozenset("€")
    | frozenset(chr(code) for code in range(0xC0, 0x100) if chr(code).isalpha())
    | frozenset("ŒœŠšŽžŸ„“”‚‘’‹›«»–—…§°·²³µ×÷½¼¾©®™•†¢£¥¡¿\u00a0\u00ad")
)
# Fewer words than this in the extracted main text of an HTML page: no article there.
MIN_HTML_WORDS = 8

# A candidate decoding may contain this share of other non-ASCII characters at most.
MAX_ODD_SHARE = 0.1

# Formats that show up renamed to .txt; named so the error says what the file really is.
BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"{\\rtf", "RTF document"),
)


class IngestError(Exception):
    """A file that cannot become an article; the message is shown to the analyst as is.

    `missing` is set when the file is gone (deleted between listing and reading).
    """

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file found under an input folder; `rel` is the path shown in every export."""

    path: Path
    root: Path
    rel: str
    error: str = ""  # set when the walk itself already knows the file is unusable
    skip: str = ""  # why the walk leaves it alone (hidden, a link it does not follow)
    remote: RemoteObject | None = None  # an object under an fsspec URL (pipeline.remote)
    # What its folder's listing says (None: not listed, ask the file system): an article's
    # sidecar beside it ("" for none), and whether it is a sidecar itself.
    listed_sidecar: str | None = None
    listed_as_sidecar: bool | None = None
    # The path as the listing gave it (os.DirEntry.path): what is stat'ed, so that the
    # walk never builds the Path's string (0.4 s for 200,000 files).
    location: str = ""


def article_id_for(rel: str) -> str:
    """A stable id for a relative path, so re-processing replaces the same rows."""
    return hashlib.blake2b(rel.encode("utf-8"), digest_size=8).hexdigest()


def iter_input_files(root: Path | str, follow_links: bool = False) -> Iterator[InputFile]:
    """Yield every file under `root`, depth first in name order, without recursion.

    `root` may be an fsspec URL (`s3://bucket/prefix`): then its objects are listed
    (pipeline.remote) and yielded in the same order, with `remote` set.

    Unsupported suffixes are yielded too (the caller counts them as skipped), and so are
    hidden files and links the walk does not follow (with `skip` set). Symbolic links are
    followed only inside the input tree: a link to a folder inside it is not walked (the
    folder is read where it is, so paths never depend on which name sorts first), a link
    that leads outside is followed only with `follow_links`. Broken links and link loops
    come with `error` set.
    """
    if isinstance(root, str) and is_url(root):
        yield from _iter_objects(root)
        return
    root = Path(root)
    if root.is_file():
        yield _classify(root, root.parent)
        return
    prefix = os.path.join(str(root), "")  # "corpus/": entry paths below it start with it
    real_root = os.path.realpath(root)
    seen_dirs = {real_root}
    # Each folder's entries, in name order, and the names of the files among them: whether
    # a file has a sidecar is looked up there, not asked of the file system per name.
    stack: list[tuple[Iterator[os.DirEntry[str]], frozenset[str], Path]] = []
    listing = _list(root, root)
    if isinstance(listing, InputFile):
        yield listing
        return
    stack.append((*listing, root))
    while stack:
        entries, files, folder = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        # The folder's Path joined with a name: half the cost of parsing entry.path anew,
        # which was a quarter of listing an archive of 100,000 articles.
        path = folder.joinpath(entry.name)
        if entry.name.startswith("."):
            yield InputFile(path, root, _rel(path, root), skip="hidden")
            continue
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_link, is_dir = True, False
        if is_link:
            target = os.path.realpath(path)
            inside = target == real_root or target.startswith(real_root + os.sep)
            if not os.path.exists(path):
                yield _classify(path, root)  # broken link or loop: an error (or skipped)
                continue
            if not inside and not follow_links:
                yield InputFile(
                    path, root, _rel(path, root), skip="link outside the input (--follow-links)"
                )
                continue
            if is_dir and inside:
                yield InputFile(
                    path, root, _rel(path, root), skip="link to a folder inside the input"
                )
                continue
        if is_dir:
            real = os.path.realpath(path)
            if real in seen_dirs:
                yield InputFile(
                    path, root, _rel(path, root), "symbolic link loop or second link to a folder"
                )
                continue
            seen_dirs.add(real)
            listing = _list(path, root)
            if isinstance(listing, InputFile):
                yield listing
            else:
                stack.append((*listing, path))
            continue
        if is_link:
            yield _classify(path, root)
        elif entry.path.startswith(prefix):
            # A plain file, as scandir saw it: no second lstat, and its path relative to
            # the root by slicing (pathlib's relative_to costs more than the rest of the
            # walk on an archive of 40,000 files).
            rel = _display(entry.path[len(prefix) :].replace(os.sep, "/"))
            yield _listed(path, root, rel, files, entry.path)
        else:  # pragma: no cover - entries always lie below the folder listed
            yield InputFile(path, root, _rel(path, root))


def _iter_objects(url: str) -> Iterator[InputFile]:
    root = local_name(url)
    for rel, obj, skip in list_objects(url):
        path = local_name(obj.url) if obj is not None else root / rel
        yield InputFile(path, root, rel, skip=skip, remote=obj)


def _list(
    folder: Path, root: Path
) -> tuple[Iterator[os.DirEntry[str]], frozenset[str]] | InputFile:
    try:
        with os.scandir(folder) as scanned:
            entries = sorted(scanned, key=lambda e: e.name)
    except OSError as exc:
        return InputFile(folder, root, _rel(folder, root), f"cannot list folder: {_os_reason(exc)}")
    return iter(entries), frozenset(entry.name for entry in entries if _is_file(entry))


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # the type the listing gave; a link's target is looked up
    except OSError:
        return False


def _listed(path: Path, root: Path, rel: str, files: frozenset[str], location: str) -> InputFile:
    """A plain file, with what its folder's listing says about sidecars."""
    name, suffix = path.name, path.suffix
    if suffix.lower() in SUPPORTED_SUFFIXES:
        sidecar = sidecar_name(name, suffix, files)
        return InputFile(path, root, rel, listed_sidecar=sidecar, location=location)
    return InputFile(
        path,
        root,
        rel,
        listed_as_sidecar=names_a_sidecar(name, SUPPORTED_SUFFIXES, files),
        location=location,
    )


def _classify(path: Path, root: Path) -> InputFile:
    rel = _rel(path, root)
    if path.is_symlink():
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return InputFile(path, root, rel, "symbolic link loop")
            if exc.errno == errno.ENOENT:
                target = _display(os.readlink(path))
                return InputFile(path, root, rel, f"broken symbolic link (-> {target})")
            return InputFile(path, root, rel, f"cannot follow symbolic link: {_os_reason(exc)}")
    return InputFile(path, root, rel)


def _display(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 written as \\xNN (reversible).

    Linux names are bytes; Python hands undecodable ones over as surrogates, which neither
    SQLite nor a CSV can hold.
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _rel(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return _display(rel.as_posix() if str(rel) != "." else path.name)


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def is_supported(file: InputFile) -> bool:
    return file.path.suffix.lower() in SUPPORTED_SUFFIXES


def read_bytes(file: InputFile, max_bytes: int, fetched: Fetched | None = None) -> bytes:
    """Read a file, refusing links that lead nowhere, unreadable files and oversized ones.

    An object under a URL is taken from `fetched` (see fetch_objects) or fetched alone.
    """
    if file.error:
        raise IngestError(file.error)
    too_big = f"over the limit of {_size(max_bytes)} (raise it with --max-bytes)"
    if file.remote is not None:
        return _object_bytes(file.remote, max_bytes, fetched, too_big)
    try:
        st = file.path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IngestError("is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            # A FIFO would block open() forever, a device might never end: not opened.
            raise IngestError(f"not a regular file ({_file_kind(st.st_mode)}): not read")
        if st.st_size > max_bytes:
            raise IngestError(f"file is {_size(st.st_size)}, {too_big}")
        with open(file.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise IngestError("permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise IngestError("is a folder, not a file") from None
    except FileNotFoundError:
        raise IngestError("file disappeared before it could be read", missing=True) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise IngestError("symbolic link loop") from None
        raise IngestError(f"cannot read file: {_os_reason(exc)}") from None
    if len(data) > max_bytes:  # it grew between stat and read
        raise IngestError(f"file is {too_big}")
    return data


# Bytes (or the error) per object URL, fetched for a whole batch at once (remote.fetch).
Fetched = dict[str, "bytes | Exception"]


def fetch_objects(files: list[InputFile], max_bytes: int) -> Fetched:
    """The bytes of every object among `files` and of their sidecars, in one concurrent call."""
    urls = [
        url
        for file in files
        if file.remote is not None and not file.error and 0 < file.remote.size <= max_bytes
        for url in (file.remote.url, file.remote.sidecar_url)
        if url
    ]
    return fetch(urls, max_bytes) if urls else {}


def _object_bytes(
    obj: RemoteObject, max_bytes: int, fetched: Fetched | None, too_big: str
) -> bytes:
    if obj.size > max_bytes:
        raise IngestError(f"file is {_size(obj.size)}, {too_big}")
    if obj.size == 0:
        return b""  # not fetched: a range request on an empty object is refused (HTTP 416)
    found = (fetched or {}).get(obj.url)
    if found is None:
        found = fetch([obj.url], max_bytes)[obj.url]
    if isinstance(found, FileNotFoundError):
        raise IngestError("file disappeared before it could be read", missing=True)
    if isinstance(found, PermissionError):
        raise IngestError("permission denied: the object cannot be read")
    if isinstance(found, Exception):
        raise IngestError(f"cannot read object: {type(found).__name__}: {found}")
    if len(found) > max_bytes:  # it grew between listing and reading
        raise IngestError(f"file is {too_big}")
    return bytes(found)


def file_stat(file: InputFile) -> tuple[int, int, int, int] | None:
    """What the fast path trusts (README): size, mtime and ctime in ns, inode.

    `touch -r` can put an edited file's mtime back, but not its ctime: any write or
    metadata change sets ctime to now. An object's stat comes from the listing
    (pipeline.remote.object_stat).
    """
    if file.remote is not None:
        return file.remote.stat
    try:
        st = os.stat(file.location or file.path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def sidecar_signature(file: InputFile) -> str:
    """What the fast path compares of a file's sidecar ("" when it has none)."""
    if file.remote is not None:
        return file.remote.sidecar_stat
    return stat_signature(_sidecar_location(file))


def file_is_sidecar(file: InputFile) -> bool:
    if file.remote is not None:
        return file.remote.is_sidecar
    if file.listed_as_sidecar is not None:
        return file.listed_as_sidecar
    return is_sidecar(file.path, SUPPORTED_SUFFIXES)


def _sidecar_path(file: InputFile) -> Path | None:
    """A local article's sidecar: as its folder was listed, else as found now."""
    location = _sidecar_location(file)
    return Path(location) if isinstance(location, str) else location


def _sidecar_location(file: InputFile) -> Path | str | None:
    """_sidecar_path(), as a string when the folder's listing named it: the fast path
    stats it without parsing a Path (pathlib's with_name costs more still)."""
    listed = file.listed_sidecar
    if listed is None:
        return find_sidecar(file.path)
    if not listed:
        return None
    return folder_prefix(file.path, file.location) + listed


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text and name the encoding; BOMs are removed, nothing else changes."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(name)), name
            except UnicodeDecodeError as exc:
                reason = f"invalid {name} despite its byte-order mark: {exc.reason}"
                raise IngestError(reason) from None
    for magic, kind in BINARY_SIGNATURES:
        if data.startswith(magic):
            raise IngestError(f"binary file ({kind}), not text")
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            raise IngestError(
                "looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with BOM)"
            )
        raise IngestError("binary file (contains NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = _decode_legacy(data)
    return _check_text(text), encoding


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode with the legacy encoding charset-normalizer finds, if the text then looks Western."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is not None:
        text = str(best)
        high = [ch for ch in text if ord(ch) > 127]
        odd = sum(1 for ch in high if ch not in WESTERN_CHARS)
        if odd <= MAX_ODD_SHARE * len(high):
            return text, best.encoding
    raise IngestError(
        "undecodable bytes: neither UTF-8 nor German text in a Western legacy encoding "
        f"({', '.join(LEGACY_ENCODINGS)})"
    )


def _looks_like_bomless_utf16(data: bytes) -> bool:
    # Latin text in UTF-16 has a NUL in every other byte and almost none in between;
    # binary formats have NULs scattered over both positions.
    sample = data[: 4096 - 4096 % 2]
    if len(sample) < 8:
        return False
    half = len(sample) / 2
    zeros = sorted((sample[0::2].count(0), sample[1::2].count(0)))
    return zeros[1] > 0.6 * half and zeros[0] < 0.05 * half


def _check_text(text: str) -> str:
    if not text.strip():
        raise IngestError("empty file (no text)")
    controls = sum(
        1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if controls > MAX_CONTROL_SHARE * min(len(text), 20000):
        raise IngestError("undecodable bytes: the text is full of control characters")
    return text


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What trafilatura extracted from a news page."""

    text: str  # main text, headline line included as trafilatura gives it
    title: str
    doc: Any  # trafilatura's Document, for the metadata


def extract_html(html: str) -> HtmlPage:
    """Main text, title and metadata of a news page, via trafilatura (boilerplate removed)."""
    # Imported here: trafilatura is slow to import and only HTML needs it.
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        # Dates from the markup only (meta tags, JSON-LD, <time>, URL): a date guessed from
        # the running text is as often an event the article mentions.
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",  # keep the time where the page gives one
        },
    )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    # With no article on the page trafilatura falls back to whatever text there is: menus,
    # cookie banners. The shortest news item ("Kurz notiert") still has a full sentence.
    words = len(text.split())
    if words < MIN_HTML_WORDS:
        found = f" (only {words} word{'s' if words != 1 else ''} of navigation or boilerplate)"
        raise IngestError(
            f"HTML page has no main text that could be extracted{found if words else ''}"
        )
    return HtmlPage(text, (getattr(doc, "title", None) or "").strip(), doc)


def strip_headline(text: str, title: str) -> str:
    """The extracted text without its first line when that line is the page's headline."""
    first, sep, rest = text.partition("\n")
    if title and sep and " ".join(first.split()) == " ".join(title.split()):
        return rest.lstrip("\r\n")
    return text


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Datelines as German papers print them: "Bochum. Firmen ...", "BOCHUM (dpa) - ...",
# "Wien – ...", "Mülheim an der Ruhr. ...", "Bad Homburg. ...". A place is one capitalised
# word, or two joined by a link word ("an der") or led by "Bad"/"Sankt"; allowing any two
# capitalised words would read "Die Firma. ..." as a dateline.
_WORD = r"[A-ZÄÖÜ][\wäöüßÄÖÜ'\-]*"
_PLACE = (
    rf"(?:(?:Bad|Sankt|St\.)\s{_WORD}|{_WORD}(?:\s(?:an\sder|am|im|in\sder|ob\sder)\s{_WORD})?)"
    rf"(?:\s?/\s?{_WORD}){{0,3}}"  # "Bochum/Dortmund", "Wien/Graz/Linz"
)
_DATELINE = re.compile(
    r"(?:\*\*|__)?"  # Markdown bold: "**Kassel.** Die ..."
    rf"(?P<place>{_PLACE})"
    r"(?:\.(?:\*\*|__)?\s+(?=[A-ZÄÖÜ\"„»0-9])"  # "Bochum. Firmen"
    r"|\s*\((?P<agency>[^)\n]{1,30})\)\s*[-–—:]\s"  # "BOCHUM (dpa) - "
    r"|\s*[-–—]\s+(?=[A-ZÄÖÜ\"„»0-9]))"  # "Wien – ", "Frankfurt am Main- Die"
)


def split_title(text: str) -> tuple[str, int]:
    """The headline (first line, if it looks like one) and the offset where the body starts."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    first, sep, _rest = stripped.partition("\n")
    line = first.strip()
    if not sep or not line or len(line) > 160:
        return "", lead
    # A headline is short and does not end like a sentence of running text.
    sentence_end = line.endswith((",", ";")) or (line.endswith(".") and not line.endswith("..."))
    if sentence_end and not _MD_HEADING.match(first):
        return "", lead
    title = _MD_HEADING.sub("", line).strip().strip("*_").strip()
    body_start = lead + len(first) + 1
    while body_start < len(text) and text[body_start] in " \t\r\n":
        body_start += 1
    return title, body_start


def find_dateline(text: str, body_start: int) -> str:
    """The place of a German dateline at the start of the body ("BOCHUM" -> "Bochum")."""
    return find_lead(text, body_start)[0]


# The longest teaser read before a dateline ("Teaser. Wien – ..."), and its sentences.
MAX_TEASER_CHARS = 450
MAX_TEASER_SENTENCES = 3
_SENTENCE_END = re.compile(r"[.!?…][\"“”»«'’)]*(?=\s)")


def find_lead(text: str, body_start: int) -> tuple[str, str]:
    """(dateline place, teaser): the dateline at the start of the body, or after a teaser.

    News sites print a one- to three-sentence teaser before the dateline ("Die Mehrheit
    ... erreichbar. Wien – Den meisten ..."). After a teaser in the same paragraph only the
    dash and agency forms count ("Wien – ", "WIEN (APA) - "): "Bochum. " there would also
    match any sentence that ends on a capitalised word.
    """
    match = _DATELINE.match(text, body_start, body_start + 80)
    teaser = ""
    if match is None:
        window = text[body_start : body_start + MAX_TEASER_CHARS + 80]
        for number, end in enumerate(_SENTENCE_END.finditer(window), start=1):
            if end.end() > MAX_TEASER_CHARS or number > MAX_TEASER_SENTENCES:
                break
            gap = re.match(r"\s+", window[end.end() :])
            start = body_start + end.end() + (gap.end() if gap else 0)
            candidate = _DATELINE.match(text, start, start + 80) if gap else None
            if candidate is None:
                continue
            dotted = candidate.group("agency") is None and not re.search(
                r"[-–—]\s+$", candidate.group()
            )
            if dotted and "\n" not in gap.group():  # type: ignore[union-attr]
                continue
            match = candidate
            teaser = " ".join(text[body_start : body_start + end.end()].split())
            break
    if match is None:
        return "", ""
    place = match.group("place")
    if place.isupper():
        place = re.sub(r"\w+", lambda word: word.group().capitalize(), place)
    return place, teaser


def read_article(
    path: Path | str,
    root: Path | str | None = None,
    max_bytes: int = 5_000_000,
    default_source: str = "",
) -> Article:
    """Read one file into an Article; raises IngestError with a readable reason."""
    path = Path(path)
    root = Path(root) if root is not None else path.parent
    file = _classify(path, root) if path.is_symlink() else InputFile(path, root, _rel(path, root))
    return read_input_file(file, max_bytes, default_source)


def read_input_file(
    file: InputFile, max_bytes: int, default_source: str = "", fetched: Fetched | None = None
) -> Article:
    """Bytes -> decoded body, headline, dateline and metadata (see pipeline.metadata).

    `fetched`: the bytes of objects under a URL, fetched for a batch (fetch_objects).
    """
    data = read_bytes(file, max_bytes, fetched)
    sha = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data)
    origin = file.rel
    sources: dict[str, Metadata] = {}  # by origin, strongest first when merged below
    raw_text = ""
    html_title = ""
    if file.path.suffix.lower() in HTML_SUFFIXES:
        page = extract_html(text)
        sources["html-meta"] = html_metadata(page.doc, text, origin)
        raw_text = page.text
        html_title = page.title
        body = strip_headline(page.text, page.title)
        body_start = 0
    else:
        front = split_front_matter(text)
        if front is not None:
            if front.error:
                log.warning("%s: %s; its keys are ignored", origin, front.error)
            sources["front-matter"] = metadata_from_mapping(front.data, origin)
            body = text[front.body_start :]
        else:
            body = text
        if not body.strip():
            raise IngestError("no article text after the front matter")
        title_line, body_start = split_title(body)
        html_title = title_line
    sidecar, sidecar_rel, sidecar_stat = _sidecar(file, origin, max_bytes, fetched)
    if sidecar is not None:
        sources["sidecar"] = sidecar
    bylines = find_bylines(body, body_start, origin)
    if bylines:
        sources["byline"] = Metadata(
            {
                key: value
                for byline in reversed(bylines)  # the top line's author wins
                for key, value in (("author", byline.author), ("published", byline.published))
                if value
            }
        )
    if default_source:
        sources["cli"] = Metadata({"source": default_source})
    folder = file.rel.split("/", 1)[0] if "/" in file.rel else ""
    if folder:
        sources["path"] = Metadata({"source": folder})
    fields, extra, used = _merge(sources)
    # A byline right below the headline stands before the dateline ("Von Anna Schulte").
    lead_start = body_start
    for byline in bylines:
        if body[body_start : byline.span[0]].strip() == "":
            lead_start = byline.span[1]
            while lead_start < len(body) and body[lead_start] in " \t\r\n":
                lead_start += 1
    dateline, teaser = find_lead(body, lead_start)
    skip = tuple(sorted(byline.span for byline in bylines))
    language, probability = detect_language(body)
    if not is_german(body, language, probability):
        extra["language_probability"] = round(probability, 3)
    return Article(
        article_id=article_id_for(file.rel),
        path=file.rel,
        body=body,
        title=fields.get("title") or html_title,
        dateline=dateline,
        encoding=encoding,
        sha256=sha,
        published=fields.get("published", ""),
        source=fields.get("source", ""),
        url=fields.get("url", ""),
        author=fields.get("author", ""),
        section=fields.get("section", ""),
        language=language,
        language_probability=probability,
        teaser=fields.get("teaser") or teaser,
        metadata_from=used,
        extra=extra,
        raw_text=raw_text,
        skip_spans=skip,
        sidecar=sidecar_rel,
        sidecar_stat=sidecar_stat,
        body_hash=content_hash(_without(body[body_start:], skip, body_start)),
    )


def _sidecar(
    file: InputFile, origin: str, max_bytes: int, fetched: Fetched | None
) -> tuple[Metadata | None, str, str]:
    """The sidecar's metadata (None: none or broken), its path shown and its signature."""
    obj = file.remote
    if obj is None:
        path = _sidecar_path(file)
        if path is None:
            return None, "", ""
        return read_sidecar(path, origin), _rel(path, file.root), stat_signature(path)
    if not obj.sidecar_url:
        return None, "", ""
    name = obj.sidecar_rel.rsplit("/", 1)[-1]
    found = (fetched or {}).get(obj.sidecar_url)
    if found is None:
        found = fetch([obj.sidecar_url], max_bytes)[obj.sidecar_url]
    if isinstance(found, Exception):
        log.warning("%s: sidecar %s ignored: %s", origin, name, found)
        return None, obj.sidecar_rel, obj.sidecar_stat
    return parse_sidecar(bytes(found), name, origin), obj.sidecar_rel, obj.sidecar_stat


# Which source may give which field, strongest source first.
METADATA_ORDER = ("sidecar", "front-matter", "html-meta", "byline", "cli", "path")


def _merge(sources: dict[str, Metadata]) -> tuple[dict[str, str], dict[str, Any], tuple[str, ...]]:
    fields: dict[str, str] = {}
    extra: dict[str, Any] = {}
    used: list[str] = []
    for origin in METADATA_ORDER:
        found = sources.get(origin)
        if found is None:
            continue
        gave = False
        for name, value in found.fields.items():
            if name not in fields:
                fields[name] = value
                gave = True
        for key, value in found.extra.items():
            extra.setdefault(key, value)
        if gave or found.extra:
            used.append(origin)
    return fields, extra, tuple(used)


def _without(text: str, spans: tuple[tuple[int, int], ...], offset: int) -> str:
    """`text` (which starts at `offset` of the body) with the given body spans cut out."""
    parts, pos = [], 0
    for start, end in spans:
        start, end = max(start - offset, 0), max(end - offset, 0)
        if start >= pos:
            parts.append(text[pos:start])
            pos = end
    parts.append(text[pos:])
    return "".join(parts)


def masked_body(article: Article) -> str:
    """The body as the NLP sees it: metadata spans (bylines) blanked, offsets unchanged."""
    if not article.skip_spans:
        return article.body
    chars = list(article.body)
    for start, end in article.skip_spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
