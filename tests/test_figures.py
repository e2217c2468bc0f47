"""Figures in German news sentences (pipeline.extract.figures), per docs/ANNOTATION.md."""

# One case per line keeps the tables readable; those lines may run past 100 characters.
# ruff: noqa: E501

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import pipeline.nlp.figures  # noqa: F401  (registers the german_figures factory)
from pipeline.extract.figures import extract_figures
from pipeline.nlp.figures import register_extension
from pipeline.records import Figure

N = None


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def find(nlp: Language, sentence: str, text: str) -> Figure:
    figures = extract_figures(nlp(sentence))
    found = [f for f in figures if f.text == text]
    assert found, f"{text!r} not found; got {[f.text for f in figures]}"
    return found[0]


# (sentence, span, value, value_min, value_max, qualifier, unit, kind)
# fmt: off
FIGURES = [
    # exact counts, the counted noun in nominative plural
    ("Das Unternehmen beschäftigt 450 Mitarbeiter in Bochum.", "450", 450, 450, 450, "exact", "Mitarbeiter", "count"),
    ("Der Zulieferer mit 320 Mitarbeitern meldet Insolvenz an.", "320", 320, 320, 320, "exact", "Mitarbeiter", "count"),
    ("Am Standort entstehen 500 neue Arbeitsplätze.", "500", 500, 500, 500, "exact", "Arbeitsplätze", "count"),
    ("Die Förderung sichert den Betrieb mit 80 Arbeitsplätzen.", "80", 80, 80, 80, "exact", "Arbeitsplätze", "count"),
    ("Das Netzwerk zählt 64 Gründerinnen und Gründer.", "64", 64, 64, 64, "exact", "Gründer", "count"),
    ("Die Kammer vertritt 3.400 Handwerksbetriebe in der Region.", "3.400", 3400, 3400, 3400, "exact", "Handwerksbetriebe", "count"),
    ("Der Hafen wird von 120 zusätzlichen Güterzügen angefahren.", "120", 120, 120, 120, "exact", "Güterzüge", "count"),
    ("Rund um den Campus arbeiten 31.842 Menschen.", "31.842", 31842, 31842, 31842, "exact", "Menschen", "count"),
    ("In den Lagern stehen 10 000 Stellplätze bereit.", "10 000", 10000, 10000, 10000, "exact", "Stellplätze", "count"),
    ("In den Lagern stehen 10\u202f000 Stellplätze bereit.", "10\u202f000", 10000, 10000, 10000, "exact", "Stellplätze", "count"),
    ("Der Verein hat seit der Gründung 2.300 Mitglieder gewonnen.", "2.300", 2300, 2300, 2300, "exact", "Mitglieder", "count"),
    ("Die Stadt zählt 14 Gewerbegebiete.", "14", 14, 14, 14, "exact", "Gewerbegebiete", "count"),
    ("Das Programm fördert Projekte mit 40 Beschäftigten.", "40", 40, 40, 40, "exact", "Beschäftigte", "count"),
    ("Die ersten zwanzig Studierenden beginnen im Herbst.", "zwanzig", 20, 20, 20, "exact", "Studierende", "count"),
    ("Das Zentrum hat seit dem Start dreiundzwanzig Start-ups begleitet.", "dreiundzwanzig", 23, 23, 23, "exact", "Start-ups", "count"),
    ("Der Bund fördert zweihundertfünfzig Projekte im Revier.", "zweihundertfünfzig", 250, 250, 250, "exact", "Projekte", "count"),
    ("Die Werft baut eintausendzweihundert Container pro Jahr um.", "eintausendzweihundert", 1200, 1200, 1200, "exact", "Container", "count"),
    ("Der Hersteller betreibt zwei Werke im Sauerland.", "zwei", 2, 2, 2, "exact", "Werke", "count"),
    ("Ein Dutzend Zulieferer hat Kurzarbeit angemeldet.", "Ein Dutzend", 12, 12, 12, "exact", "Zulieferer", "count"),
    ("Seit Jahresbeginn haben zwei Dutzend Betriebe geschlossen.", "zwei Dutzend", 24, 24, 24, "exact", "Betriebe", "count"),
    ("Die Stadtwerke versorgen mehr als 80.000 Haushalte mit Fernwärme.", "mehr als 80.000", N, 80000, N, "min", "Haushalte", "count"),
    ("Der Strom reicht für mehr als 80.000 Haushalten.", "mehr als 80.000", N, 80000, N, "min", "Haushalte", "count"),
    ("In Gelsenkirchen sind 6 Kitas neu entstanden.", "6", 6, 6, 6, "exact", "Kitas", "count"),
    ("Die Hochschule bildet 1.200 angehende Ingenieure aus.", "1.200", 1200, 1200, 1200, "exact", "Ingenieure", "count"),
    ("Der Konzern beschäftigt in NRW 2.100 Angestellte.", "2.100", 2100, 2100, 2100, "exact", "Angestellte", "count"),
    ("Die Firma ist seit 25 Jahren am Markt.", "25", 25, 25, 25, "exact", "Jahre", "count"),
    ("Auf dem Gelände in Bochum sind 14 Bochumer Firmen ansässig.", "14", 14, 14, 14, "exact", "Firmen", "count"),
    ("Das Institut hat 140 Forschende, darunter 30 Doktoranden.", "30", 30, 30, 30, "exact", "Doktoranden", "count"),
    # approximations
    ("An der Universität forschen rund 1000 Wissenschaftler.", "rund 1000", 1000, 1000, 1000, "approx", "Wissenschaftler", "count"),
    ("Im Neubau sollen etwa 250 Wissenschaftlerinnen und Wissenschaftler arbeiten.", "etwa 250", 250, 250, 250, "approx", "Wissenschaftler", "count"),
    ("Die Messe zählte ca. 12.000 Besucher.", "ca. 12.000", 12000, 12000, 12000, "approx", "Besucher", "count"),
    ("Der Ausbau kostet circa 40 Millionen Euro.", "circa 40 Millionen Euro", 40e6, 40e6, 40e6, "approx", "EUR", "money"),
    ("Ungefähr 300 Firmen nehmen an der Umfrage teil.", "Ungefähr 300", 300, 300, 300, "approx", "Firmen", "count"),
    ("Gut 90 Prozent der Fläche sind vermarktet.", "Gut 90 Prozent", 90, 90, 90, "approx", "%", "percent"),
    ("Die Sanierung dauert knapp zwei Jahre.", "knapp zwei", 2, 2, 2, "approx", "Jahre", "count"),
    ("Das Centro zählte fast 20 Millionen Besucher.", "fast 20 Millionen", 20e6, 20e6, 20e6, "approx", "Besucher", "count"),
    ("Die Auslastung liegt bei nahezu 100 Prozent.", "nahezu 100 Prozent", 100, 100, 100, "approx", "%", "percent"),
    ("Das Netz umfasst annähernd 9.000 Kilometer.", "annähernd 9.000 Kilometer", 9000, 9000, 9000, "approx", "km", "measure"),
    ("Um die 200 Gäste kamen zur Eröffnung.", "Um die 200", 200, 200, 200, "approx", "Gäste", "count"),
    ("Die Investition beträgt rund € 2,5 Mio.", "rund € 2,5 Mio.", 2.5e6, 2.5e6, 2.5e6, "approx", "EUR", "money"),
    # lower and upper bounds
    ("Mehr als 300 Firmen haben sich beteiligt.", "Mehr als 300", N, 300, N, "min", "Firmen", "count"),
    ("Der Park bietet über 500 Stellplätze.", "über 500", N, 500, N, "min", "Stellplätze", "count"),
    ("Das Unternehmen verfügt über 500 Mitarbeiter.", "500", 500, 500, 500, "exact", "Mitarbeiter", "count"),
    ("Die Firma sucht mindestens 40 Fachkräfte.", "mindestens 40", N, 40, N, "min", "Fachkräfte", "count"),
    ("Die Förderung gibt es ab 50.000 Euro Investitionssumme.", "ab 50.000 Euro", N, 50000, N, "min", "EUR", "money"),
    ("Weit über 1.000 Menschen demonstrierten vor dem Werk.", "Weit über 1.000", N, 1000, N, "min", "Menschen", "count"),
    ("Die Kosten liegen bei bis zu 25 Euro pro Megawattstunde.", "bis zu 25 Euro", N, N, 25, "max", "EUR", "money"),
    ("Heute fahren weniger als zehn Züge pro Woche.", "weniger als zehn", N, N, 10, "max", "Züge", "count"),
    ("Die Quote liegt unter 5 Prozent.", "unter 5 Prozent", N, N, 5, "max", "%", "percent"),
    ("Der Zuschuss beträgt höchstens 200.000 Euro.", "höchstens 200.000 Euro", N, N, 200000, "max", "EUR", "money"),
    ("Die Anlage leistet maximal 30 MW.", "maximal 30 MW", N, N, 30, "max", "MW", "measure"),
    # ranges
    ("In Bochum arbeiten 400 bis 500 Unternehmen an IT-Sicherheit.", "400 bis 500", N, 400, 500, "range", "Unternehmen", "count"),
    ("Der Cluster umfasst 400-500 Unternehmen.", "400-500", N, 400, 500, "range", "Unternehmen", "count"),
    ("Geplant sind zwischen 400 und 500 Wohnungen.", "zwischen 400 und 500", N, 400, 500, "range", "Wohnungen", "count"),
    ("Der Bau kostet zwischen 2 und 3 Millionen Euro.", "zwischen 2 und 3 Millionen Euro", N, 2e6, 3e6, "range", "EUR", "money"),
    ("Die Hallen messen zwischen 40.000 und 60.000 Quadratmeter.", "zwischen 40.000 und 60.000 Quadratmeter", N, 40000, 60000, "range", "m²", "measure"),
    ("Die Preise steigen um 10 bis 15 Prozent.", "10 bis 15 Prozent", N, 10, 15, "range", "%", "percent"),
    ("Die Rendite liegt bei zwei bis drei Prozent.", "zwei bis drei Prozent", N, 2, 3, "range", "%", "percent"),
    ("Das Projekt kostet 1,5 bis 2 Milliarden Euro.", "1,5 bis 2 Milliarden Euro", N, 1.5e9, 2e9, "range", "EUR", "money"),
    ("Der Kredit liegt zwischen 400.000 und 1 Million Euro.", "zwischen 400.000 und 1 Million Euro", N, 400000, 1e6, "range", "EUR", "money"),
    ("Die Plätze kosten von 300 bis 400 Euro im Monat.", "von 300 bis 400 Euro", N, 300, 400, "range", "EUR", "money"),
    # changes
    ("Das Start-up will von 120 auf 180 Mitarbeiter wachsen.", "von 120 auf 180", 180, 120, 180, "change", "Mitarbeiter", "count"),
    ("Der Umsatz stieg von 400 auf 500 Millionen Euro.", "von 400 auf 500 Millionen Euro", 500e6, 400e6, 500e6, "change", "EUR", "money"),
    ("Der Gewinn sank von 2,1 auf 1,8 Millionen Euro.", "von 2,1 auf 1,8 Millionen Euro", 1.8e6, 1.8e6, 2.1e6, "change", "EUR", "money"),
    ("MSC will die Menge von 500.000 auf eine Million Container erhöhen.", "von 500.000 auf eine Million", 1e6, 500000, 1e6, "change", "Container", "count"),
    ("Die Quote sank von 9,9 auf 9,6 Prozent.", "von 9,9 auf 9,6 Prozent", 9.6, 9.6, 9.9, "change", "%", "percent"),
    ("Die Arbeitslosigkeit sank um 12 Prozent.", "um 12 Prozent", 12, 12, 12, "change", "%", "percent"),
    ("Die Zahl der Gründungen ist um 8 Prozent gestiegen.", "um 8 Prozent", 8, 8, 8, "change", "%", "percent"),
    ("Der Umsatz legte um 3,5 Prozent zu.", "um 3,5 Prozent", 3.5, 3.5, 3.5, "change", "%", "percent"),
    ("Die Quote ging um 0,4 Prozentpunkte zurück.", "um 0,4 Prozentpunkte", 0.4, 0.4, 0.4, "change", "pp", "percent_points"),
    ("Der Betrieb hat die Belegschaft um 10 Prozent aufgestockt.", "um 10 Prozent", 10, 10, 10, "change", "%", "percent"),
    ("Der Index stieg um 6 Punkte auf 98.", "98", 98, 98, 98, "exact", "", "number"),
    ("Die Zahl stieg auf 120.", "120", 120, 120, 120, "exact", "", "number"),
    # money
    ("Das Land fördert das Projekt mit 2,5 Millionen Euro.", "2,5 Millionen Euro", 2.5e6, 2.5e6, 2.5e6, "exact", "EUR", "money"),
    ("Der Bund gibt 2,5 Mio. Euro dazu.", "2,5 Mio. Euro", 2.5e6, 2.5e6, 2.5e6, "exact", "EUR", "money"),
    ("Die Stadt investiert € 8,2 Mio. in die Schule.", "€ 8,2 Mio.", 8.2e6, 8.2e6, 8.2e6, "exact", "EUR", "money"),
    ("Das Budget beträgt EUR 300.000 für zwei Jahre.", "EUR 300.000", 300000, 300000, 300000, "exact", "EUR", "money"),
    ("Die Stiftung zahlt 1.234,56 € an jeden Stipendiaten.", "1.234,56 €", 1234.56, 1234.56, 1234.56, "exact", "EUR", "money"),
    ("Ein Ticket kostet 12 EUR.", "12 EUR", 12, 12, 12, "exact", "EUR", "money"),
    ("Das Start-up sammelte 14 Millionen US-Dollar ein.", "14 Millionen US-Dollar", 14e6, 14e6, 14e6, "exact", "USD", "money"),
    ("Der Fonds hält 3 Mrd. Dollar.", "3 Mrd. Dollar", 3e9, 3e9, 3e9, "exact", "USD", "money"),
    ("Der Auftrag bringt $ 5 Mio. ein.", "$ 5 Mio.", 5e6, 5e6, 5e6, "exact", "USD", "money"),
    ("Die Schweizer Mutter zahlte 20 Millionen Franken.", "20 Millionen Franken", 20e6, 20e6, 20e6, "exact", "CHF", "money"),
    ("Der Londoner Investor legte 8 Millionen Pfund auf den Tisch.", "8 Millionen Pfund", 8e6, 8e6, 8e6, "exact", "GBP", "money"),
    ("Der Konzern erzielte einen Umsatz von 1,2 Milliarden Euro.", "1,2 Milliarden Euro", 1.2e9, 1.2e9, 1.2e9, "exact", "EUR", "money"),
    ("Das Programm hat ein Volumen von einer Milliarde Euro.", "einer Milliarde Euro", 1e9, 1e9, 1e9, "exact", "EUR", "money"),
    ("Der Kämmerer rechnet mit anderthalb Millionen Euro.", "anderthalb Millionen Euro", 1.5e6, 1.5e6, 1.5e6, "exact", "EUR", "money"),
    ("Die Firma erhält eine halbe Million Euro.", "eine halbe Million Euro", 500000, 500000, 500000, "exact", "EUR", "money"),
    ("Das Darlehen beträgt 500.000 Euro.", "500.000 Euro", 500000, 500000, 500000, "exact", "EUR", "money"),
    ("Der Parkschein kostet 50 Cent.", "50 Cent", 0.5, 0.5, 0.5, "exact", "EUR", "money"),
    ("Die Staatsschulden liegen bei 2,5 Billionen Euro.", "2,5 Billionen Euro", 2.5e12, 2.5e12, 2.5e12, "exact", "EUR", "money"),
    ("Das Stipendium beträgt 1.000 Euro im Monat.", "1.000 Euro", 1000, 1000, 1000, "exact", "EUR", "money"),
    ("Das Land zahlt 5 Tsd. Euro Prämie.", "5 Tsd. Euro", 5000, 5000, 5000, "exact", "EUR", "money"),
    # percent and percentage points
    ("Der Anteil liegt bei 12 Prozent.", "12 Prozent", 12, 12, 12, "exact", "%", "percent"),
    ("Der Anteil liegt bei 12 %.", "12 %", 12, 12, 12, "exact", "%", "percent"),
    ("Der Anteil liegt bei 12%.", "12%", 12, 12, 12, "exact", "%", "percent"),
    ("Die Quote beträgt 9,6 Prozent.", "9,6 Prozent", 9.6, 9.6, 9.6, "exact", "%", "percent"),
    ("Nur ein Prozent der Firmen plant Entlassungen.", "ein Prozent", 1, 1, 1, "exact", "%", "percent"),
    ("Zwölf Prozent der Betriebe suchen Azubis.", "Zwölf Prozent", 12, 12, 12, "exact", "%", "percent"),
    ("Der Abstand beträgt 2,5 Prozentpunkte.", "2,5 Prozentpunkte", 2.5, 2.5, 2.5, "exact", "pp", "percent_points"),
    # measures
    ("Die Fläche umfasst 15 Hektar.", "15 Hektar", 15, 15, 15, "exact", "ha", "measure"),
    ("Das Lager hat 5.000 Quadratmeter.", "5.000 Quadratmeter", 5000, 5000, 5000, "exact", "m²", "measure"),
    ("Gebaut wird auf 6.500 Quadratmetern.", "6.500 Quadratmetern", 6500, 6500, 6500, "exact", "m²", "measure"),
    ("Die Halle misst 3.000 m².", "3.000 m²", 3000, 3000, 3000, "exact", "m²", "measure"),
    ("Der Park umfasst 2 km² Wald.", "2 km²", 2, 2, 2, "exact", "km²", "measure"),
    ("Die Trasse ist 9.040 Kilometer lang.", "9.040 Kilometer", 9040, 9040, 9040, "exact", "km", "measure"),
    ("Bis zur Autobahn sind es 5 km.", "5 km", 5, 5, 5, "exact", "km", "measure"),
    ("Der Turm ist 120 Meter hoch.", "120 Meter", 120, 120, 120, "exact", "m", "measure"),
    ("Der Hafen schlug 1,2 Millionen Tonnen um.", "1,2 Millionen Tonnen", 1.2e6, 1.2e6, 1.2e6, "exact", "t", "measure"),
    ("Die Anlage spart 40 t CO2 ein.", "40 t", 40, 40, 40, "exact", "t", "measure"),
    ("Das Paket wiegt 25 kg.", "25 kg", 25, 25, 25, "exact", "kg", "measure"),
    ("Der Elektrolyseur hat eine Leistung von 30 Megawatt.", "30 Megawatt", 30, 30, 30, "exact", "MW", "measure"),
    ("Das Kraftwerk leistet 1,1 GW.", "1,1 GW", 1.1, 1.1, 1.1, "exact", "GW", "measure"),
    ("Die Wärmepumpe leistet 500 kW.", "500 kW", 500, 500, 500, "exact", "kW", "measure"),
    ("Die Windräder erzeugen 240 Gigawattstunden Strom.", "240 Gigawattstunden", 240, 240, 240, "exact", "GWh", "measure"),
    ("Der Haushalt verbraucht 3.500 kWh im Jahr.", "3.500 kWh", 3500, 3500, 3500, "exact", "kWh", "measure"),
    ("Die Batterie speichert 20 MWh.", "20 MWh", 20, 20, 20, "exact", "MWh", "measure"),
    ("Der Tank fasst 1.000 Liter.", "1.000 Liter", 1000, 1000, 1000, "exact", "l", "measure"),
    # vague amounts
    ("Tausende Besucher kamen zum Hafenfest.", "Tausende", N, N, N, "vague", "Besucher", "count"),
    ("Die Reform betrifft Millionen von Arbeitnehmern.", "Millionen von", N, N, N, "vague", "Arbeitnehmer", "count"),
    ("Hunderte Beschäftigte protestierten vor dem Werk.", "Hunderte", N, N, N, "vague", "Beschäftigte", "count"),
    ("Dutzende Firmen haben sich beworben.", "Dutzende", N, N, N, "vague", "Firmen", "count"),
    ("Betroffen sind Unternehmen mit Hunderttausenden Beschäftigten.", "Hunderttausenden", N, N, N, "vague", "Beschäftigte", "count"),
    ("Das Netz ermöglicht Investitionen von Dutzenden Milliarden Euro.", "Dutzenden Milliarden Euro", N, N, N, "vague", "EUR", "money"),
    ("Der Bund steckt Millionen Euro in die Sanierung.", "Millionen Euro", N, N, N, "vague", "EUR", "money"),
    ("Die Stadt investiert mehrere Millionen Euro.", "mehrere Millionen Euro", N, N, N, "vague", "EUR", "money"),
    # units from the context
    ("Der Konzern streicht 140 seiner knapp 900 Stellen.", "140", 140, 140, 140, "exact", "Stellen", "count"),
    ("Die Zahl offener Stellen ist von 2.800 auf 4.100 gestiegen.", "von 2.800 auf 4.100", 4100, 2800, 4100, "change", "Stellen", "count"),
    ("Rotterdam schlug 13,4 Millionen Container um, Antwerpen 12,5 Millionen.", "12,5 Millionen", 12.5e6, 12.5e6, 12.5e6, "exact", "Container", "count"),
    ("Bis 2030 sollen 150 Busse fahren, derzeit sind es sechs.", "sechs", 6, 6, 6, "exact", "Busse", "count"),
    ("Die EU gibt 32 Millionen Euro, das Land steuert weitere 8,5 Millionen bei.", "8,5 Millionen", 8.5e6, 8.5e6, 8.5e6, "exact", "EUR", "money"),
    ("Der Gewinn lag bei 38,7 Millionen Euro. Davon fließen rund 20 Millionen an die Stadt.", "rund 20 Millionen", 20e6, 20e6, 20e6, "approx", "EUR", "money"),
    # years
    ("GData wurde 1987 in Bochum gegründet.", "1987", 1987, 1987, 1987, "exact", "", "year"),
    ("Im Jahr 2021 begann der Umbau.", "2021", 2021, 2021, 2021, "exact", "", "year"),
    ("Seit 2015 Mitglied im Verband ist die Firma.", "2015", 2015, 2015, 2015, "exact", "", "year"),
    ("Die Anlage soll Ende 2026 in Betrieb gehen.", "2026", 2026, 2026, 2026, "exact", "", "year"),
    ("Ab 2025 gilt die neue Regel.", "2025", 2025, 2025, 2025, "exact", "", "year"),
    ("Bis 2030 soll das Netz stehen.", "2030", 2030, 2030, 2030, "exact", "", "year"),
    ("2019 erzielte das Unternehmen einen Rekord.", "2019", 2019, 2019, 2019, "exact", "", "year"),
    ("Im Wintersemester 2024/25 startet der Studiengang.", "2024/25", N, 2024, 2025, "range", "", "year"),
    ("Die Saison 2020/2021 fiel aus.", "2020/2021", N, 2020, 2021, "range", "", "year"),
    ("In den 1990er Jahren schloss die Zeche.", "1990er Jahren", N, 1990, 1999, "range", "", "year"),
    ("Die 80er Jahre waren die Blütezeit der Zechen.", "80er Jahre", N, 1980, 1989, "range", "", "year"),
    ("Das Werk stammt aus den 1970er-Jahren.", "1970er-Jahren", N, 1970, 1979, "range", "", "year"),
    ("Das Programm läuft von 2021 bis 2027.", "von 2021 bis 2027", N, 2021, 2027, "range", "", "year"),
    ("Zwischen 2015 und 2020 wuchs die Branche.", "Zwischen 2015 und 2020", N, 2015, 2020, "range", "", "year"),
    ("Der Konzern beschäftigt 2000 Mitarbeiter.", "2000", 2000, 2000, 2000, "exact", "Mitarbeiter", "count"),
    ("Rund 2000 Gäste feierten mit.", "Rund 2000", 2000, 2000, 2000, "approx", "Gäste", "count"),
]
# fmt: on


@pytest.mark.parametrize(
    ("sentence", "span", "value", "value_min", "value_max", "qualifier", "unit", "kind"), FIGURES
)
def test_figure(
    nlp: Language,
    sentence: str,
    span: str,
    value: float | None,
    value_min: float | None,
    value_max: float | None,
    qualifier: str,
    unit: str,
    kind: str,
) -> None:
    figure = find(nlp, sentence, span)
    assert (figure.value, figure.value_min, figure.value_max) == (
        pytest.approx(value) if value is not None else None,
        pytest.approx(value_min) if value_min is not None else None,
        pytest.approx(value_max) if value_max is not None else None,
    )
    assert (figure.qualifier, figure.unit, figure.kind) == (qualifier, unit, kind)


# fmt: off
DATES = [
    ("Der Vertrag wurde am 12.04.2016 unterzeichnet.", "12.04.2016", "2016-04-12"),
    ("Die Frist endet am 1.7.2024.", "1.7.2024", "2024-07-01"),
    ("Mitte März 2020 kam der Lockdown.", "Mitte März 2020", "2020-03"),
    ("Anfang Mai 2023 begann der Bau.", "Anfang Mai 2023", "2023-05"),
    ("Die Messe öffnet am 1. Juli 2024.", "1. Juli 2024", "2024-07-01"),
    ("Am Sonntag, 3. November 2024, öffnen die Läden.", "3. November 2024", "2024-11-03"),
    ("Im Oktober 2023 legte die Firma Zahlen vor.", "Oktober 2023", "2023-10"),
    ("Die Kammern werben am 18. September für Ausbildung.", "18. September", "--09-18"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "span", "normalized"), DATES)
def test_date(nlp: Language, sentence: str, span: str, normalized: str) -> None:
    figure = find(nlp, sentence, span)
    assert (figure.kind, figure.normalized, figure.value) == ("date", normalized, None)


# fmt: off
NOT_FIGURES = [
    ("Die Firma sitzt in 44801 Bochum.", "44801"),
    ("Anfragen unter Telefon 0234 961 40 10.", "40"),
    ("Anfragen unter Tel. 0234/32-12345.", "0234"),
    ("Die Hotline ist unter +49 231 9743-0 erreichbar.", "49"),
    ("Die Sitzung beginnt um 10 Uhr.", "10"),
    ("Die Sitzung beginnt um 14.30 Uhr.", "14"),
    ("Der Empfang beginnt um 18:30 Uhr.", "18"),
    ("Die Läden öffnen von 13 bis 18 Uhr.", "13"),
    ("Der VfL belegt den 3. Platz.", "3"),
    ("Der Sponsor bleibt auch in der 2. Bundesliga.", "2"),
    ("Die Messe findet zum 5. Mal statt.", "5"),
    ("Geregelt ist das in § 3 des Gesetzes.", "3"),
    ("Das steht in Absatz 2 der Satzung.", "2"),
    ("Artikel 5 regelt die Zuständigkeit.", "5"),
    ("Der Maschinenbauer setzt auf Industrie 4.0.", "4"),
    ("Die Rechner laufen mit Windows 11.", "11"),
    ("Der Ausbau des 5G-Netzes beginnt.", "5"),
    ("Das Institut liegt an der Universitätsstraße 150.", "150"),
    ("Die Firma zieht in die Hauptstr. 12.", "12"),
    ("Die Brücke der A 45 ist gesperrt.", "45"),
    ("Ein Unternehmen aus Herne gewinnt den Preis.", "Ein"),
    ("Die Stadt plant eine neue Halle.", "eine"),
    ("Das Werk heißt inzwischen MARK 51°7.", "51"),
    ("Der Inkubator Cube 5 hat neue Mieter.", "5"),
    ("Die Zahl der Covid-19-Fälle sinkt.", "19"),
    ("Die Firma feiert das 100-jährige Jubiläum.", "100"),
    ("Der Brennstoff ist CO2-neutral.", "2"),
    ("Der Verein spielt auf Platz 3 der Tabelle.", "3"),
    ("Der Bus der Linie 5 fährt zum Campus.", "5"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "number"), NOT_FIGURES)
def test_not_a_figure(nlp: Language, sentence: str, number: str) -> None:
    figures = extract_figures(nlp(sentence))
    start = sentence.index(number)
    assert not [f for f in figures if f.start <= start < f.end], [f.text for f in figures]


def test_offsets_and_sentence(nlp: Language) -> None:
    text = "Bochum wächst.\nDie Firma hat 450 Mitarbeiter. Der Umsatz stieg um 3 Prozent."
    figures = extract_figures(nlp(text))
    assert [f.text for f in figures] == ["450", "um 3 Prozent"]
    for figure in figures:
        assert text[figure.start : figure.end] == figure.text
    assert figures[0].sentence == "Die Firma hat 450 Mitarbeiter."


def test_sentence_without_boundaries_is_whole_text() -> None:
    doc = spacy.blank("de")("Die Firma hat 450 Mitarbeiter. Mehr nicht.")
    assert extract_figures(doc)[0].sentence == doc.text


def test_tags_skip_adjectives_when_the_pipeline_has_a_tagger() -> None:
    words = ["Es", "entstehen", "500", "Bochumer", "Arbeitsplätze", "."]
    tags = ["PPER", "VVFIN", "CARD", "ADJA", "NN", "$."]
    doc = Doc(spacy.blank("de").vocab, words=words, tags=tags)
    figure = extract_figures(doc)[0]
    assert (figure.text, figure.unit, figure.kind) == ("500", "Arbeitsplätze", "count")


def test_component_sets_doc_extension() -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("german_figures")
    register_extension()  # a second registration is harmless
    doc = nlp("Die Stadt investiert 2,5 Millionen Euro.")
    assert [f.text for f in doc._.figures] == ["2,5 Millionen Euro"]
    assert nlp.get_pipe_meta("german_figures").assigns == ["doc._.figures"]
