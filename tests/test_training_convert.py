"""The training converter: label mapping, span building, file formats (made-up sentences)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))

from convert import (  # noqa: E402
    iob_to_spans,
    is_news,
    make_doc,
    map_germeval_tag,
    map_mobie_tag,
    read_germeval_bio,
    read_germeval_tsv,
    read_mobie,
    split_hashtag,
)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("O", "O"),
        ("B-ORG", "B-ORG"),
        ("I-LOC", "I-LOC"),
        ("B-PER", "B-PER"),
        ("B-OTH", "B-MISC"),
        ("B-LOCderiv", "O"),  # "Bochumer Firmen": an adjective, not a place
        ("I-ORGpart", "O"),  # "IHK-Umfrage": a name inside a compound
        ("B-PERpart", "O"),
    ],
)
def test_germeval_tags_map_to_our_labels(tag: str, expected: str) -> None:
    assert map_germeval_tag(tag) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("B-organization-company", "B-ORG"),
        ("I-organization", "I-ORG"),
        ("B-location-city", "B-LOC"),
        ("B-location-street", "B-LOC"),
        ("B-person", "B-PER"),
        ("B-number", "O"),
        ("B-date", "O"),
        ("B-trigger", "O"),
    ],
)
def test_mobie_tags_map_to_our_labels(tag: str, expected: str) -> None:
    assert map_mobie_tag(tag) == expected


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-ORG", "I-ORG", "O", "B-LOC"], [(0, 2, "ORG"), (3, 4, "LOC")]),
        (["O", "I-PER", "I-PER"], [(1, 3, "PER")]),  # a stray I- opens an entity
        (["B-LOC", "B-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        (["B-ORG", "I-LOC"], [(0, 1, "ORG"), (1, 2, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_iob_tags_become_spans(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert iob_to_spans(tags) == spans


def test_hashtags_split_like_spacys_tokenizer() -> None:
    assert split_hashtag("#Bahn", "B-ORG") == [("#", "O"), ("Bahn", "B-ORG")]
    assert split_hashtag("#", "O") == [("#", "O")]
    assert split_hashtag("Bochum", "B-LOC") == [("Bochum", "B-LOC")]


def test_readers_handle_each_format(tmp_path: Path) -> None:
    bio = tmp_path / "train.bio.tsv"
    bio.write_text("Die\tO\nStadtwerke\tB-ORG\nBochum\tI-ORG\n\nIn\tO\nEssen\tB-LOC\n\n")
    tsv = tmp_path / "dev.tsv"
    tsv.write_text(
        "#\thttp://www.example-zeitung.de/wirtschaft/1\t[2010-01-01]\n"
        "1\tRWE\tB-ORG\tO\n2\tinvestiert\tO\tO\n\n"
        "#\thttp://de.wikipedia.org/wiki/Essen\t[2010-01-01]\n1\tEssen\tB-LOC\tO\n\n"
    )
    mobie = tmp_path / "train.conll2003"
    mobie.write_text("-DOCSTART- -1- O O\n\nStau\tNN\tI-NN\tO\nauf\tAPPR\tI-AP\tO\n"
                     "#A40\tNE\tI-NE\tB-location-street\n\n")  # fmt: skip
    bio_sents = list(read_germeval_bio(bio))
    assert [s.words for s in bio_sents] == [("Die", "Stadtwerke", "Bochum"), ("In", "Essen")]
    assert bio_sents[0].tags == ("O", "B-ORG", "I-ORG")
    tsv_sents = list(read_germeval_tsv(tsv))
    assert [is_news(s.source) for s in tsv_sents] == [True, False]
    mobie_sents = list(read_mobie(mobie))
    assert mobie_sents[0].words == ("Stau", "auf", "#", "A40")
    assert mobie_sents[0].tags == ("O", "O", "O", "B-LOC")


def test_sentences_join_into_one_doc_with_entities_and_sentence_starts(tmp_path: Path) -> None:
    bio = tmp_path / "train.bio.tsv"
    bio.write_text("Die\tO\nStadtwerke\tB-ORG\nBochum\tI-ORG\nwachsen\tO\n.\tO\n\n"
                   "Anna\tB-PER\nSchmidt\tI-PER\nlacht\tO\n.\tO\n\n")  # fmt: skip
    doc = make_doc(spacy.blank("de").vocab, list(read_germeval_bio(bio)))
    assert doc.text == "Die Stadtwerke Bochum wachsen. Anna Schmidt lacht."
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Stadtwerke Bochum", "ORG"),
        ("Anna Schmidt", "PER"),
    ]
    assert [s.text for s in doc.sents] == ["Die Stadtwerke Bochum wachsen.", "Anna Schmidt lacht."]
