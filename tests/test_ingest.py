"""Ingest: decoding of legitimate encodings, and a readable IngestError for each bad input."""

from __future__ import annotations

import codecs
import os
import zlib
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.ingest import IngestError, decode, iter_input_files, read_article, read_input_file

GERMAN = "Die Bäckerei Müller in Köln erhöht die Preise um 5 € – größer als erwartet, sagt Weiß."
LATIN1 = "Bürgermeister Jürgen Weiß eröffnet die Brücke über die Möhne in Ölde."


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 6, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("data", "text", "encodings"),
    [
        (GERMAN.encode("utf-8"), GERMAN, {"utf-8"}),
        (codecs.BOM_UTF8 + GERMAN.encode("utf-8"), GERMAN, {"utf-8-sig"}),
        (GERMAN.encode("utf-16"), GERMAN, {"utf-16"}),  # with BOM, native order
        (codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"), GERMAN, {"utf-16"}),
        (GERMAN.encode("cp1252"), GERMAN, {"cp1252"}),
        ("Größe: 5 € für Straße".encode("cp1252"), "Größe: 5 € für Straße", {"cp1252"}),
        # Latin-1 and cp1252 agree on every printable byte, so either name is right.
        (LATIN1.encode("latin-1"), LATIN1, {"cp1252", "latin_1"}),
        ("Öl".encode("latin-1"), "Öl", {"cp1252", "latin_1"}),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom",
        "utf16be-bom",
        "cp1252",
        "cp1252-short",
        "latin1",
        "latin1-two-letters",
    ],  # fmt: skip
)
def test_legitimate_encodings_decode_exactly(data: bytes, text: str, encodings: set[str]) -> None:
    decoded, encoding = decode(data)
    assert decoded == text
    assert encoding in encodings


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "empty file"),
        (codecs.BOM_UTF8 + b"\n \n", "empty file"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "binary file (GIF image)"),
        (tiny_png(), "binary file (PNG image)"),
        (b"Text\x00\x17\x00\x00\x01\x02 mit NUL", "binary file (contains NUL bytes)"),
        (bytes(range(128, 256)) * 4, "undecodable bytes"),
        (bytes(range(1, 32)) * 50 + b"abc", "undecodable bytes"),
        (GERMAN.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (GERMAN.encode("utf-16-be"), "UTF-16 without a byte-order mark"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid utf-16 despite its byte-order mark"),
    ],
    ids=[
        "empty",
        "whitespace",
        "bom-only",
        "gif",
        "png",
        "nul-bytes",
        "high-bytes",
        "control-chars",
        "utf16le-no-bom",
        "utf16be-no-bom",
        "broken-utf16",
    ],  # fmt: skip
)
def test_bad_bytes_raise_a_readable_reason(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Wort " * 300, encoding="utf-8")
    with pytest.raises(IngestError, match=r"file is 1,500 bytes, over the limit of 1,000 bytes"):
        read_article(path, max_bytes=1000)
    assert read_article(path, max_bytes=1500).body.startswith("Wort")


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Start</title></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><div class='cookie'>Wir verwenden Cookies.</div><nav><ul><li>Home</li>"
        "<li>Wirtschaft</li></ul></nav><footer>Impressum | Datenschutz</footer></body></html>",
        "<html><body><script>var a = 1;</script></body></html>",
    ],
    ids=["nav-only", "cookie-banner", "script-only"],
)
def test_html_without_main_text_is_refused(tmp_path: Path, html: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    with pytest.raises(IngestError, match="HTML page has no main text"):
        read_article(path)


def test_html_article_gives_text_and_title(tmp_path: Path) -> None:
    paragraph = "Die Stadtwerke Bochum investieren 12 Millionen Euro in das Fernwärmenetz. " * 4
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head><title>Stadtwerke investieren</title></head><body><article>"
        f"<h1>Stadtwerke investieren</h1><p>{paragraph}</p><p>{paragraph}</p></article>"
        f"<footer>Impressum</footer></body></html>",
        encoding="utf-8",
    )
    article = read_article(path)
    assert "Fernwärmenetz" in article.body
    assert "Impressum" not in article.body


def test_permission_denied_via_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod 000 does not stop reading: simulate the error.
    path = tmp_path / "locked.txt"
    path.write_text(GERMAN, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", refuse, raising=False)
    with pytest.raises(IngestError, match="permission denied: the file cannot be read"):
        read_article(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_via_chmod(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(GERMAN, encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(IngestError, match="permission denied"):
            read_article(path)
    finally:
        path.chmod(0o644)


def test_broken_link_and_link_loop_come_with_their_reason(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "ok.txt").write_text(GERMAN, encoding="utf-8")
    files = {file.rel: file for file in iter_input_files(tmp_path)}
    assert sorted(files) == ["gone.txt", "loop.txt", "ok.txt"]
    assert files["gone.txt"].error.startswith("broken symbolic link (-> ")
    assert files["loop.txt"].error == "symbolic link loop"
    assert files["ok.txt"].error == ""
    for rel in ("gone.txt", "loop.txt"):
        with pytest.raises(IngestError, match="symbolic link"):
            read_input_file(files[rel], 1000)


def test_folder_link_loop_does_not_recurse_forever(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "sub" / "again").symlink_to(tmp_path)
    files = {file.rel: (file.error, file.skip) for file in iter_input_files(tmp_path)}
    # A link to a folder inside the input is not walked: the folder is read where it is.
    assert files == {"sub/a.txt": ("", ""), "sub/again": ("", "link to a folder inside the input")}


def test_hidden_files_are_not_inputs(tmp_path: Path) -> None:
    (tmp_path / ".articles.csv.x1.tmp").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    files = [(file.rel, file.skip) for file in iter_input_files(tmp_path)]
    assert files == [(".articles.csv.x1.tmp", "hidden"), ("a.txt", "")]


def test_article_id_and_hash_are_stable(tmp_path: Path) -> None:
    path = tmp_path / "ruhr" / "a.txt"
    path.parent.mkdir()
    path.write_text("Titel\n\nBochum. " + GERMAN, encoding="utf-8")
    first, second = read_article(path, tmp_path), read_article(path, tmp_path)
    assert first.path == "ruhr/a.txt"
    assert (first.article_id, first.sha256) == (second.article_id, second.sha256)
    assert (first.title, first.dateline) == ("Titel", "Bochum")
