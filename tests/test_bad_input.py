"""Bad input: every unusable file becomes an error row in articles.csv; the batch goes on."""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import read_export

from pipeline import ingest
from pipeline.cli import cli

WriteInputs = Callable[[Mapping[str, "str | bytes"]], Path]

GOOD = "Stadtwerke investieren\n\nBochum. Die Stadtwerke Bochum investieren 12 Millionen Euro.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

# file name -> (content, the start of its error message)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file (no text)"),
    "blank.txt": (b" \n\t\n  \r\n", "empty file (no text)"),
    "nul.txt": (b"Umsatz\x00\x00\x01\x00 steigt\x00", "binary file (contains NUL bytes), not text"),
    "bild.txt": (PNG, "binary file (PNG image), not text"),
    "kaputt.txt": (bytes(range(128, 256)) * 3, "undecodable bytes: neither UTF-8 nor German"),
    "utf16.txt": (
        "Die Stadtwerke Bochum investieren.".encode("utf-16-le"),
        "looks like UTF-16 without a byte-order mark",
    ),
    "riesig.txt": (b"Wort " * 400, "file is 2,000 bytes, over the limit of 1,000 bytes"),
    "menu.html": (
        b"<html><head><title>Start</title></head>"
        b"<body><nav><a href='/'>Home</a></nav></body></html>",
        "HTML page has no main text",
    ),
}
# Legitimate encodings that must come out as ok rows with the right text.
GOOD_FILES: dict[str, bytes] = {
    "gut.txt": GOOD.encode("utf-8"),
    "bom.txt": codecs.BOM_UTF8 + GOOD.encode("utf-8"),
    "utf16-bom.txt": GOOD.encode("utf-16"),
    "cp1252.txt": "Größere Straßen\n\nKöln. Die Brücke kostet 5 Mio. € mehr.\n".encode("cp1252"),
    "latin1.txt": "Ölpreis\n\nMünster. Der Händler Weiß zahlt mehr.\n".encode("latin-1"),
}


def read_articles(out: Path) -> pd.DataFrame:
    return read_export(out, "articles.csv", encoding="utf-8-sig", keep_default_na=False)


@pytest.fixture
def bad_batch(write_inputs: WriteInputs, tmp_path: Path) -> Path:
    root = write_inputs({name: data for name, (data, _) in BAD_FILES.items()} | GOOD_FILES)
    (root / "weg.txt").symlink_to(root / "gibt-es-nicht.txt")
    (root / "schleife.txt").symlink_to(root / "schleife.txt")
    return root


def invoke_run(root: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["run", str(root), "--out", str(out), "--model", "blank", "--max-bytes", "1000", *extra],
    )
    return result.exit_code, result.stderr


def test_each_bad_file_is_an_error_row_and_the_rest_is_processed(
    bad_batch: Path, tmp_path: Path, stub_extract: None
) -> None:
    out = tmp_path / "out"
    code, stderr = invoke_run(bad_batch, out)
    assert code == 1, stderr
    rows = read_articles(out).set_index("path")
    expected = {name: reason for name, (_, reason) in BAD_FILES.items()}
    expected |= {"weg.txt": "broken symbolic link (-> ", "schleife.txt": "symbolic link loop"}
    assert set(rows.index) == set(expected) | set(GOOD_FILES)
    for name, reason in expected.items():
        assert rows.loc[name, "status"] == "error", name
        assert rows.loc[name, "error"].startswith(reason), (name, rows.loc[name, "error"])
        assert f"{name}: {reason}" in stderr  # logged as well, for cron mail
    for name in GOOD_FILES:
        assert rows.loc[name, "status"] == "ok", (name, rows.loc[name, "error"])
        assert rows.loc[name, "error"] == ""
    assert rows.loc["cp1252.txt", "title"] == "Größere Straßen"
    assert rows.loc["cp1252.txt", "dateline"] == "Köln"
    assert rows.loc["latin1.txt", "title"] == "Ölpreis"
    assert rows.loc["utf16-bom.txt", "encoding"] == "utf-16"
    assert rows.loc["bom.txt", "encoding"] == "utf-8-sig"
    assert "15 files seen, 5 processed, 0 unchanged, 0 skipped, 10 failed" in stderr
    # The good articles' figures made it into the store and the exports.
    figures = read_export(out, "figures.csv", encoding="utf-8-sig", keep_default_na=False)
    assert {"12", "5"} <= set(figures["text"].astype(str))


def test_unreadable_file_is_an_error_row(
    write_inputs: WriteInputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_extract: None
) -> None:
    root = write_inputs({"gesperrt.txt": GOOD, "gut.txt": GOOD})
    if os.geteuid() == 0:
        # root reads a chmod 000 file anyway: make open() refuse it as it would for a user.
        real_open = open

        def guarded_open(file: object, *args: object, **kwargs: object) -> object:
            if str(file).endswith("gesperrt.txt"):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(ingest, "open", guarded_open, raising=False)
    else:
        (root / "gesperrt.txt").chmod(0)
    try:
        code, _ = invoke_run(root, tmp_path / "out")
    finally:
        (root / "gesperrt.txt").chmod(0o644)
    rows = read_articles(tmp_path / "out").set_index("path")
    assert code == 1
    assert rows.loc["gesperrt.txt", "status"] == "error"
    assert rows.loc["gesperrt.txt", "error"] == "permission denied: the file cannot be read"
    assert rows.loc["gut.txt", "status"] == "ok"


def test_all_good_files_exit_0(
    write_inputs: WriteInputs, tmp_path: Path, stub_extract: None
) -> None:
    root = write_inputs(GOOD_FILES | {"bild.png": PNG})  # other suffixes are skipped, not errors
    code, stderr = invoke_run(root, tmp_path / "out")
    assert code == 0, stderr
    assert "6 files seen, 5 processed, 0 unchanged, 1 skipped, 0 failed" in stderr
    assert (read_articles(tmp_path / "out")["status"] == "ok").all()


def test_fixed_file_turns_ok_and_unchanged_bad_file_keeps_exit_1(
    write_inputs: WriteInputs, tmp_path: Path, stub_extract: None
) -> None:
    root = write_inputs({"gut.txt": GOOD, "leer.txt": "", "kaputt.txt": b"\xff\x00\x01" * 50})
    out = tmp_path / "out"
    assert invoke_run(root, out)[0] == 1
    (root / "leer.txt").write_text(GOOD, encoding="utf-8")
    code, stderr = invoke_run(root, out)
    assert code == 1  # kaputt.txt is still broken: cron must keep hearing about it
    assert "1 processed, 1 unchanged, 0 skipped, 1 failed" in stderr
    rows = read_articles(out).set_index("path")
    assert rows.loc["leer.txt", "status"] == "ok"
    assert rows.loc["kaputt.txt", "status"] == "error"


def test_error_in_extraction_is_an_error_row_not_a_crash(
    write_inputs: WriteInputs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stub_extract: Callable,
) -> None:
    stub_analyse_doc = stub_extract

    def fragile(doc):  # type: ignore[no-untyped-def]
        if "Sprengsatz" in doc.text:
            raise ValueError("cannot parse figure")
        return stub_analyse_doc(doc)

    monkeypatch.setattr("pipeline.process.analyse_doc", fragile)
    root = write_inputs({"a.txt": GOOD, "b.txt": "Titel\n\nEin Sprengsatz für den Parser.\n"})
    code, stderr = invoke_run(root, tmp_path / "out")
    rows = read_articles(tmp_path / "out").set_index("path")
    assert code == 1
    assert rows.loc["b.txt", "error"] == "processing failed: ValueError: cannot parse figure"
    assert rows.loc["a.txt", "status"] == "ok"
    # Unchanged, it is not processed again (same bytes, same version) but still counts failed.
    code, stderr = invoke_run(root, tmp_path / "out")
    assert code == 1
    assert "0 processed, 1 unchanged, 0 skipped, 1 failed" in stderr
