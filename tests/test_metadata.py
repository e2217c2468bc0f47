"""Article metadata: dates, front matter, sidecars, bylines, teasers, language, precedence."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pipeline.ingest import (
    InputFile,
    file_is_sidecar,
    find_lead,
    iter_input_files,
    masked_body,
    read_article,
    sidecar_signature,
)
from pipeline.metadata import (
    DateError,
    detect_language,
    find_bylines,
    is_german,
    normalise_date,
    split_front_matter,
)

BODY = (
    "Neuer Tarif bei den Stadtwerken\n\n"
    "Hagen. Die Stadtwerke Hagen senken zum 1. Januar den Strompreis um 2,1 Cent je "
    "Kilowattstunde. Rund 60.000 Haushalte profitieren davon, teilte das Unternehmen mit.\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-11-01", "2015-11-01"),
        ("2024-03-07T08:15:00+01:00", "2024-03-07T08:15:00+01:00"),
        ("2024-03-07T08:15:00Z", "2024-03-07T08:15:00+00:00"),
        ("2024-05-14T00:00:00", "2024-05-14"),  # htmldate's way of writing a bare date
        ("01.11.2015", "2015-11-01"),
        ("1.11.15", "2015-11-01"),
        ("30.3.2016", "2016-03-30"),
        ("14. 3. 2024", "2024-03-14"),
        ("1. November 2015", "2015-11-01"),
        ("3. Jänner 2016", "2016-01-03"),  # Austrian month name
        ("Montag, 2. März 2020, 10:15 Uhr", "2020-03-02T10:15:00"),
        ("2016-02-29", "2016-02-29"),  # a leap day is a date
    ],
)
def test_dates_are_read_and_written_as_iso(text: str, expected: str) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2016-02-31", "31.02.2016", "29.2.2023", "14.13.2024", "20156", "2015-13-01",
        "März 2020", "gestern", "", "1016-01-01",
    ],  # fmt: skip
)
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        normalise_date(text)


def test_front_matter_is_split_off_and_read_as_strings() -> None:
    text = "---\ntitle: Hafen wächst\ndate: 2016-02-31\ntags: [Hafen, Logistik]\n---\n\nDer Text.\n"
    front = split_front_matter(text)
    assert front is not None and not front.error
    assert front.data == {
        "title": "Hafen wächst",
        "date": "2016-02-31",
        "tags": ["Hafen", "Logistik"],
    }
    assert text[front.body_start :] == "Der Text.\n"


@pytest.mark.parametrize(
    "text",
    [
        "Kein Vorspann, nur Text.\n",
        "--- \nEin Gedankenstrich am Anfang, aber kein Block.\n",  # no closing line
    ],
)
def test_text_without_front_matter_is_left_alone(text: str) -> None:
    assert split_front_matter(text) is None


def test_broken_front_matter_is_still_not_body_text() -> None:
    text = "---\ntitle: [nicht geschlossen\n---\nDer Text.\n"
    front = split_front_matter(text)
    assert front is not None and front.data == {}
    assert "not valid YAML" in front.error
    assert text[front.body_start :] == "Der Text.\n"


def test_markdown_article_offsets_point_into_the_body_without_front_matter(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "ruhr" / "hagen.md"
    path.parent.mkdir()
    path.write_text(
        "---\ntitle: Strom wird billiger\ndate: 2024-02-31\nsource: Westfalen Wirtschaft\n"
        "kuerzel: wes\n---\n" + BODY,
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        article = read_article(path, root=tmp_path)
    assert article.body == BODY
    assert (article.title, article.source, article.published) == (
        "Strom wird billiger",
        "Westfalen Wirtschaft",
        "",
    )
    assert article.extra == {"kuerzel": "wes", "date_unreadable": "2024-02-31"}
    assert article.metadata_from == ("front-matter",)
    assert "date left empty" in caplog.text and "2024-02-31" in caplog.text


def test_sidecar_beats_front_matter_and_path(tmp_path: Path) -> None:
    path = tmp_path / "archiv" / "hagen.md"
    path.parent.mkdir()
    path.write_text("---\nsource: Aus dem Vorspann\nauthor: Eva Brandt\n---\n" + BODY, "utf-8")
    (tmp_path / "archiv" / "hagen.meta.json").write_text(
        json.dumps({"source": "Westfalenpost", "Datum": "14.05.2024", "id": 4711}), "utf-8"
    )
    article = read_article(path, root=tmp_path)
    assert (article.source, article.published, article.author) == (
        "Westfalenpost",
        "2024-05-14",
        "Eva Brandt",
    )
    assert article.extra == {"id": 4711}
    assert article.metadata_from == ("sidecar", "front-matter")
    assert article.sidecar == "archiv/hagen.meta.json"


def test_sidecars_from_the_folders_listing_are_the_ones_on_disk(tmp_path: Path) -> None:
    """The walk finds sidecars in each folder's listing; asked per name of the file system
    (a file given without its folder) the answers are the same."""
    folder = tmp_path / "lokales"
    (folder / "bochum.json").mkdir(parents=True)  # a folder with a sidecar's name
    for name in (
        "hagen.txt", "hagen.meta.json", "hagen.json",  # .meta.json comes first
        "witten.md", "witten.json",
        "herne.html", "HERNE.JSON",  # another name on a case-sensitive disk
        "bochum.txt",
        "unna.htm", "unna.JSON",
        "kamen.json",  # no article beside it
    ):  # fmt: skip
        (folder / name).write_text("{}" if "json" in name.lower() else BODY, "utf-8")
    (folder / "dortmund.txt").symlink_to(folder / "hagen.txt")
    (folder / "dortmund.meta.json").symlink_to(folder / "hagen.meta.json")
    listed = {file.rel: file for file in iter_input_files(tmp_path) if not file.skip}
    assert listed["lokales/hagen.txt"].listed_sidecar == "hagen.meta.json"
    assert listed["lokales/bochum.txt"].listed_sidecar == ""
    for rel, file in listed.items():
        alone = InputFile(file.path, file.root, rel)  # no listing: asks the disk
        assert (file_is_sidecar(file), sidecar_signature(file)) == (
            file_is_sidecar(alone),
            sidecar_signature(alone),
        ), rel
    sidecars = {rel for rel, file in listed.items() if file_is_sidecar(file)}
    assert sidecars == {
        "lokales/hagen.meta.json",
        "lokales/hagen.json",
        "lokales/witten.json",
        "lokales/unna.JSON",
        "lokales/dortmund.meta.json",
    }
    articles = {rel: file for rel, file in listed.items() if "json" not in rel.lower()}
    with_sidecar = {rel for rel, file in articles.items() if sidecar_signature(file)}
    assert with_sidecar == {"lokales/hagen.txt", "lokales/witten.md", "lokales/dortmund.txt"}


def test_broken_sidecar_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "hagen.txt").write_text(BODY, "utf-8")
    (tmp_path / "hagen.json").write_text("{kein json", "utf-8")
    with caplog.at_level(logging.WARNING):
        article = read_article(tmp_path / "hagen.txt", root=tmp_path)
    assert article.metadata_from == ()
    assert "sidecar hagen.json ignored" in caplog.text


def test_cli_source_comes_before_the_folder_name(tmp_path: Path) -> None:
    path = tmp_path / "sauerland" / "hagen.txt"
    path.parent.mkdir()
    path.write_text(BODY, "utf-8")
    assert read_article(path, root=tmp_path).source == "sauerland"
    named = read_article(path, root=tmp_path, default_source="Westfalenpost")
    assert (named.source, named.metadata_from) == ("Westfalenpost", ("cli",))
    # A file directly in the input folder has no folder to name.
    (tmp_path / "hagen.txt").write_text(BODY, "utf-8")
    assert read_article(tmp_path / "hagen.txt", root=tmp_path).source == ""


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Von Anna Schulte", "Anna Schulte"),
        ("Von Anna Schulte und Jens Berger", "Anna Schulte und Jens Berger"),
        ("VON Hans-Peter Dörrenbächer", "Hans-Peter Dörrenbächer"),
        ("Von unserer Redakteurin Lea von der Heide", "Lea von der Heide"),
        ("Text: Miriam Özdemir", "Miriam Özdemir"),
    ],
)
def test_author_lines_below_the_headline(line: str, author: str) -> None:
    text = f"Hafen wächst\n\n{line}\n\nDuisburg. Der Hafen wächst.\n"
    bylines = find_bylines(text, len("Hafen wächst\n\n"), "t")
    assert [b.author for b in bylines] == [author]
    start, end = bylines[0].span
    assert text[start:end].strip() == line


@pytest.mark.parametrize(
    "line",
    [
        "Von Montag an gilt der neue Tarif für alle Kunden.",
        "Von 2025 an steigen die Preise.",
        "Vor allem Anna Schulte",
    ],
)
def test_sentences_starting_with_von_are_no_bylines(line: str) -> None:
    text = f"Hafen wächst\n\n{line}\n"
    assert find_bylines(text, len("Hafen wächst\n\n"), "t") == []


@pytest.mark.parametrize(
    ("closing", "author", "published"),
    [
        ("(Markus Feldhaus; 01.11.2015)", "Markus Feldhaus", "2015-11-01"),
        ("(red, 30.3.2016)", "red", "2016-03-30"),
        ("(APA, 2. 5. 2016)", "APA", "2016-05-02"),
    ],
)
def test_closing_author_and_date(closing: str, author: str, published: str) -> None:
    text = f"Graz – Der Cluster wächst um 120 Betriebe. {closing}\n"
    bylines = find_bylines(text, 0, "t")
    assert [(b.author, b.published) for b in bylines] == [(author, published)]
    assert text[bylines[0].span[0] : bylines[0].span[1]] == closing


def test_bylines_are_metadata_not_text_for_the_extraction(tmp_path: Path) -> None:
    text = (
        "Der Cluster wächst\n\nVon Petra Lindner\n\nGraz. Der Autocluster zählt 312 Betriebe."
        " (Petra Lindner; 14.3.2024)\n"
    )
    (tmp_path / "graz.txt").write_text(text, "utf-8")
    article = read_article(tmp_path / "graz.txt", root=tmp_path)
    assert (article.author, article.published, article.dateline) == (
        "Petra Lindner",
        "2024-03-14",
        "Graz",
    )
    assert article.body == text  # offsets stay those of the file
    masked = masked_body(article)
    assert len(masked) == len(text)
    assert "Petra" not in masked and "14.3.2024" not in masked
    assert "312 Betriebe" in masked


@pytest.mark.parametrize(
    ("text", "place", "teaser"),
    [
        (
            "Die Zulieferer spüren die Flaute. Mehrere Betriebe melden Kurzarbeit. Graz – Der"
            " Cluster schlägt Alarm.",
            "Graz",
            "Die Zulieferer spüren die Flaute. Mehrere Betriebe melden Kurzarbeit.",
        ),
        ("Ein Satz als Vorspann. WIEN (APA) - Die Inflation sinkt.", "Wien",
         "Ein Satz als Vorspann."),
        ("Vorspann in eigener Zeile.\n\nBochum. Die Firma wächst.", "Bochum",
         "Vorspann in eigener Zeile."),
        ("Bochum. Die Firma wächst.", "Bochum", ""),
        ("Frankfurt am Main- Die Bank senkt den Zins.", "Frankfurt am Main", ""),
        ("Wien/Graz/Linz – Die Länder einigen sich.", "Wien/Graz/Linz", ""),
        # A sentence that ends on a place is no dateline after a teaser in the same paragraph.
        ("Die Firma sitzt in Bochum. Firmen aus Essen kommen dazu.", "", ""),
        ("Er sagte das. Sie ging. Es regnete. Dann kam die Sonne. Wien – Vier Sätze sind zu viel.",
         "", ""),
    ],
)  # fmt: skip
def test_dateline_after_a_teaser(text: str, place: str, teaser: str) -> None:
    assert find_lead(text, 0) == (place, teaser)


def test_language_identifier_tells_german_from_english() -> None:
    german = BODY * 3
    english = (
        "The Ruhr region recorded 62 new investment projects by foreign companies last year,"
        " the highest number since the agency began keeping records. "
    ) * 3
    assert detect_language(german)[0] == "de"
    language, probability = detect_language(english)
    assert language == "en"
    assert not is_german(english, language, probability)
    # Too short to be sure: treated as German, so a one-line item still gets extracted.
    assert is_german("Stadtwerke Hagen: neuer Tarif.", "en", 0.999)


def test_language_identifier_is_kept_unpacked_in_the_cache_and_rebuilt_when_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import metadata

    english = "The agency counted 62 new investment projects by foreign companies last year."
    expected = [detect_language(BODY), detect_language(english)]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "article-pipeline"
    folder.mkdir()
    (folder / "py3langid-0.0.1-1-1.pickle").write_bytes(b"an older release's model")
    metadata._language_identifier.cache_clear()
    try:
        assert [detect_language(BODY), detect_language(english)] == expected
        [cached] = folder.glob("py3langid-*.pickle")  # written, the stale one removed
        assert cached.name != "py3langid-0.0.1-1-1.pickle"
        metadata._language_identifier.cache_clear()
        assert [detect_language(BODY), detect_language(english)] == expected  # read back
        cached.write_bytes(b"\x80\x05 cut off by a full disk")
        metadata._language_identifier.cache_clear()
        assert [detect_language(BODY), detect_language(english)] == expected
        assert cached.stat().st_size > 1_000_000  # written again
    finally:
        metadata._language_identifier.cache_clear()
