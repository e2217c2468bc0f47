"""GeoNames lookups, tie-breaking and the geo fields of extracted entities."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.extract.entities import extract_entities
from pipeline.extract.gazetteer import get_gazetteer, resolve_place
from pipeline.nlp.entity_rules import add_entity_components


@pytest.mark.parametrize(
    ("name", "geonames_id", "state"),
    [
        ("Bochum", 2947416, "Nordrhein-Westfalen"),
        ("München", 2867714, "Bayern"),  # German name from GeoNames' alternate names
        ("Frankfurt", 2925533, "Hessen"),  # am Main: over 3x the people of Frankfurt (Oder)
        ("Mülheim an der Ruhr", 2867838, "Nordrhein-Westfalen"),
        ("Halle (Saale)", 2911522, "Sachsen-Anhalt"),
        ("Berlin", 2950159, "Berlin"),  # the city-state links to the city row
        ("Mainz", 2874225, "Rheinland-Pfalz"),
        ("Deutschland", 2921044, None),
        ("Frankreich", 3017382, None),
        ("Rom", 3169070, None),  # Rome, not the Bavarian village of 571
        ("Wien", 2761369, "Wien"),  # Vienna is a Bundesland of its own
    ],
)
def test_resolve_place(name: str, geonames_id: int, state: str | None) -> None:
    place = resolve_place(name)
    assert place is not None
    assert (place.geonames_id, place.state) == (geonames_id, state)


@pytest.mark.parametrize(
    ("name", "kind", "state"),
    [
        ("Ruhrgebiet", "region", "Nordrhein-Westfalen"),
        ("NRW", "state", "Nordrhein-Westfalen"),
        ("Bayern", "state", "Bayern"),
        ("Münsterland", "region", "Nordrhein-Westfalen"),
    ],
)
def test_regions_and_states_have_a_state_but_no_id(name: str, kind: str, state: str) -> None:
    place = resolve_place(name)
    assert place is not None
    assert (place.kind, place.state, place.geonames_id) == (kind, state, None)


@pytest.mark.parametrize("name", ["Neustadt", "Atlantis", "Lagerhalle"])
def test_ambiguous_or_unknown_names_stay_unlinked(name: str) -> None:
    assert resolve_place(name) is None


@pytest.mark.parametrize("word", ["Lage", "Welt", "Wetter", "Mark", "Namen", "Dort"])
def test_everyday_words_are_not_matched_in_text(word: str) -> None:
    assert word not in get_gazetteer().surface


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    add_entity_components(nlp)
    return nlp


def test_extracted_places_carry_geonames_fields(nlp: Language) -> None:
    text = "Die Stadtwerke Bochum investieren. Ein neues Werk entsteht in Dortmunds Norden."
    records = extract_entities(nlp(text))
    by_text = {r.text: r for r in records}
    dortmund = by_text["Dortmunds"]
    assert (dortmund.label, dortmund.canonical, dortmund.source) == ("LOC", "Dortmund", "gazetteer")
    assert (dortmund.geonames_id, dortmund.state) == (2935517, "Nordrhein-Westfalen")
    assert dortmund.latitude == pytest.approx(51.51, abs=0.05)
    assert dortmund.longitude == pytest.approx(7.47, abs=0.05)
    assert dortmund.sentence == "Ein neues Werk entsteht in Dortmunds Norden."
    assert text[dortmund.start : dortmund.end] == "Dortmunds"
    stadtwerke = by_text["Stadtwerke Bochum"]
    assert (stadtwerke.label, stadtwerke.source, stadtwerke.geonames_id) == ("ORG", "rule", None)


def test_sentence_is_whole_text_without_boundaries() -> None:
    nlp = spacy.blank("de")
    add_entity_components(nlp)
    text = "Im Ruhrgebiet wächst die Wirtschaft. Auch in Essen."
    records = extract_entities(nlp(text))
    assert [r.sentence for r in records] == [text, text]


@pytest.mark.parametrize(
    ("name", "state", "country"),
    [
        ("Graz", "Steiermark", "AT"),
        ("Mödling", "Niederösterreich", "AT"),
        ("St. Pölten", "Niederösterreich", "AT"),
        ("Dornbirn", "Vorarlberg", "AT"),
        ("Winterthur", "Zürich", "CH"),
        ("Lugano", "Tessin", "CH"),
        ("St. Gallen", "St. Gallen", "CH"),
        ("Freiburg", "Baden-Württemberg", "DE"),  # the canton is "Kanton Freiburg" only
    ],
)
def test_places_in_austria_and_switzerland(name: str, state: str, country: str) -> None:
    place = resolve_place(name)
    assert place is not None
    assert (place.kind, place.state, place.country) == ("city", state, country)
    assert place.geonames_id is not None


@pytest.mark.parametrize(
    ("name", "state", "country", "latitude"),
    [
        ("Niederösterreich", "Niederösterreich", "AT", 48.2),  # St. Pölten's
        ("Kärnten", "Kärnten", "AT", 46.6),
        ("Graubünden", "Graubünden", "CH", 46.85),  # Chur's
        ("Kanton Zug", "Zug", "CH", 47.17),
        ("Bayern", "Bayern", "DE", 48.14),  # München's
    ],
)
def test_states_and_cantons_have_their_capitals_coordinates(
    name: str, state: str, country: str, latitude: float
) -> None:
    place = resolve_place(name)
    assert place is not None
    assert (place.kind, place.state, place.country) == ("state", state, country)
    assert place.latitude == pytest.approx(latitude, abs=0.1)


@pytest.mark.parametrize(("name", "iso"), [("Österreich", "AT"), ("Schweiz", "CH")])
def test_countries_have_coordinates(name: str, iso: str) -> None:
    place = resolve_place(name)
    assert place is not None
    assert (place.kind, place.country) == ("country", iso)
    assert place.latitude is not None and place.longitude is not None


def test_extracted_places_carry_state_and_country(nlp: Language) -> None:
    text = "Die Firma zieht von Winterthur nach Dornbirn."
    by_text = {r.text: r for r in extract_entities(nlp(text))}
    assert (by_text["Winterthur"].state, by_text["Winterthur"].country) == ("Zürich", "CH")
    assert (by_text["Dornbirn"].state, by_text["Dornbirn"].country) == ("Vorarlberg", "AT")


@pytest.mark.parametrize(
    "text",
    [
        "Die menschenleere Halle steht still.",  # a noun, no place
        "Alle drei Institute sehen das so.",  # a village in Jura, and a function word
    ],
)
def test_common_words_are_neither_places_nor_linked(nlp: Language, text: str) -> None:
    assert extract_entities(nlp(text)) == []


def test_a_noun_after_a_preposition_of_place_links(nlp: Language) -> None:
    records = extract_entities(nlp("Die Firma zieht nach Halle um."))
    assert [(r.text, r.geonames_id) for r in records] == [("Halle", 2911522)]


def test_built_tables_are_cached_on_disk_and_rebuilt_when_unreadable(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.extract import gazetteer

    expected = get_gazetteer()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stale = tmp_path / "article-pipeline" / "gazetteer-v0-oldversion.pickle"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"tables of an older release")
    gazetteer.get_gazetteer.cache_clear()
    try:
        built = gazetteer.get_gazetteer()
        cached = gazetteer._tables_path()
        assert cached.is_file() and not stale.exists()
        gazetteer.get_gazetteer.cache_clear()
        assert gazetteer.get_gazetteer() == built == expected  # read back from the file

        cached.write_bytes(b"\x80\x05 cut off by a full disk")
        gazetteer.get_gazetteer.cache_clear()
        assert gazetteer.get_gazetteer() == expected
        assert cached.stat().st_size > 100_000  # written again
    finally:
        gazetteer.get_gazetteer.cache_clear()


def test_the_components_name_index_is_cached_and_rebuilt_when_unreadable(
    nlp: Language, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fresh() -> Language:
        other = spacy.blank("de")
        other.add_pipe("sentencizer")
        add_entity_components(other)
        return other

    text = "Die Sparkasse Herne eröffnet eine Filiale in Castrop-Rauxel. BOCHUM meldet mehr."
    expected = [(r.text, r.geonames_id) for r in extract_entities(nlp(text))]
    component = nlp.get_pipe("german_gazetteer")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "article-pipeline"
    folder.mkdir()
    (folder / "gazetteer-index-oldversion.pickle").write_bytes(b"an older release's index")
    built = fresh()
    [cached] = folder.glob("gazetteer-index-*.pickle")  # written, the stale one removed
    assert cached.name != "gazetteer-index-oldversion.pickle"
    loaded = fresh()  # read back from the file
    for other in (built, loaded):
        assert other.get_pipe("german_gazetteer").index == component.index
        assert other.get_pipe("german_gazetteer").upper == component.upper
        assert [(r.text, r.geonames_id) for r in extract_entities(other(text))] == expected
    cached.write_bytes(b"\x80\x05 cut off by a full disk")
    assert fresh().get_pipe("german_gazetteer").index == component.index
    assert cached.stat().st_size > 100_000  # written again
