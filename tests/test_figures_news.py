"""Figures in real-style economy news: signs and direction, changes, fractions, number
words over several words, foreign currencies, elided units, qualifiers, negatives and what
a figure measures (issue 12). Sentences written by the team; numbers and names invented.
"""

# One case per line keeps the tables readable; those lines may run past 100 characters.
# ruff: noqa: E501

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.extract.context import assign_context
from pipeline.extract.figures import extract_figures
from pipeline.records import Entity, Figure

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


# (sentence, span, value, value_min, value_max, qualifier, unit, kind, direction, measure)
# fmt: off
NEWS_FIGURES = [
    ('Der ATX verlor am Vormittag -0,4 Prozent.', '-0,4 Prozent', -0.4, -0.4, -0.4, 'exact', '%', 'percent', 'down', 'ATX'),
    ('Der Leitindex schloss mit -1,25 Prozent.', '-1,25 Prozent', -1.25, -1.25, -1.25, 'exact', '%', 'percent', 'down', 'Leitindex'),
    ('Die Exporte nach Polen gingen zuletzt auf -12,3 Prozent zurück.', '-12,3 Prozent', -12.3, -12.3, -12.3, 'exact', '%', 'percent', 'down', 'Exporte'),
    ('Das Betriebsergebnis lag bei minus 2,34 Prozent.', 'minus 2,34 Prozent', -2.34, -2.34, -2.34, 'exact', '%', 'percent', 'down', 'Betriebsergebnis'),
    ('Die Industrieproduktion verzeichnete minus 1,9 Prozent.', 'minus 1,9 Prozent', -1.9, -1.9, -1.9, 'exact', '%', 'percent', 'down', 'Industrieproduktion'),
    ('Der Einzelhandel meldete plus 3,1 Prozent.', 'plus 3,1 Prozent', 3.1, 3.1, 3.1, 'exact', '%', 'percent', 'up', 'Einzelhandel'),
    ('Gemüse (plus 4,2 Prozent) wurde teurer.', 'plus 4,2 Prozent', 4.2, 4.2, 4.2, 'exact', '%', 'percent', 'up', ''),
    ('Heizöl (minus 8,5 Prozent) wurde billiger.', 'minus 8,5 Prozent', -8.5, -8.5, -8.5, 'exact', '%', 'percent', 'down', ''),
    ('Die Quote lag bei +0,8 Prozent.', '+0,8 Prozent', 0.8, 0.8, 0.8, 'exact', '%', 'percent', 'up', 'Quote'),
    ('Der Saldo betrug −3,5 Millionen Euro.', '−3,5 Millionen Euro', -3.5e6, -3.5e6, -3.5e6, 'exact', 'EUR', 'money', 'down', 'Saldo'),
    ('Das Wachstum beträgt plus 0,3 Prozentpunkte.', 'plus 0,3 Prozentpunkte', 0.3, 0.3, 0.3, 'exact', 'pp', 'percent_points', 'up', ''),
    ('Das Ergebnis je Aktie lag bei -0,12 Euro.', '-0,12 Euro', -0.12, -0.12, -0.12, 'exact', 'EUR', 'money', 'down', 'Ergebnis je Aktie'),
    ('Der Umsatz stieg um 12 Prozent.', 'um 12 Prozent', 12, 12, 12, 'change', '%', 'percent', 'up', 'Umsatz'),
    ('Der Umsatz sank um 4,5 Prozent.', 'um 4,5 Prozent', 4.5, 4.5, 4.5, 'change', '%', 'percent', 'down', 'Umsatz'),
    ('Die Zahl der Nächtigungen ist um 7 Prozent gestiegen.', 'um 7 Prozent', 7, 7, 7, 'change', '%', 'percent', 'up', ''),
    ('Die Preise für Strom gaben um 2,2 Prozent nach.', 'um 2,2 Prozent', 2.2, 2.2, 2.2, 'change', '%', 'percent', 'down', 'Preise'),
    ('Die Mieten legten um 3,6 Prozent zu.', 'um 3,6 Prozent', 3.6, 3.6, 3.6, 'change', '%', 'percent', 'up', 'Mieten'),
    ('Die Wirtschaftsleistung ist um 1,1 Prozent geschrumpft.', 'um 1,1 Prozent', 1.1, 1.1, 1.1, 'change', '%', 'percent', 'down', 'Wirtschaftsleistung'),
    ('Die Bauleistung brach um 9 Prozent ein.', 'um 9 Prozent', 9, 9, 9, 'change', '%', 'percent', 'down', 'Bauleistung'),
    ('Der Absatz ist im Jahr 2023 um 6,8 Prozent abgestürzt.', 'um 6,8 Prozent', 6.8, 6.8, 6.8, 'change', '%', 'percent', 'down', 'Absatz'),
    ('Die Energiepreise lagen um 1,3 Prozent niedriger als im Vorjahr.', 'um 1,3 Prozent', 1.3, 1.3, 1.3, 'change', '%', 'percent', 'down', 'Energiepreise'),
    ('Die Löhne fielen real um 0,7 Prozent geringer aus als erwartet.', 'um 0,7 Prozent', 0.7, 0.7, 0.7, 'change', '%', 'percent', 'down', 'Löhne'),
    ('Die Kosten waren um 5 Prozent höher als geplant.', 'um 5 Prozent', 5, 5, 5, 'change', '%', 'percent', 'up', ''),
    ('Die Firma verkaufte um 1,5 Prozent mehr Fahrzeuge.', 'um 1,5 Prozent', 1.5, 1.5, 1.5, 'change', '%', 'percent', 'up', ''),
    ('Ein Anstieg der Mieten um 2,9 Prozent belastet die Haushalte.', 'um 2,9 Prozent', 2.9, 2.9, 2.9, 'change', '%', 'percent', 'up', 'Mieten'),
    ('Ein Rückgang der Aufträge um 11 Prozent trifft den Maschinenbau.', 'um 11 Prozent', 11, 11, 11, 'change', '%', 'percent', 'down', 'Aufträge'),
    ('Die Verteuerung um 3,4 Prozent traf vor allem Pendler.', 'um 3,4 Prozent', 3.4, 3.4, 3.4, 'change', '%', 'percent', 'up', ''),
    ('Die Tarife stiegen um durchschnittlich 2,0 Prozent.', '2,0 Prozent', 2, 2, 2, 'change', '%', 'percent', 'up', 'Tarife'),
    ('Die Gebühren stiegen um rund acht Prozent.', 'um rund acht Prozent', 8, 8, 8, 'change', '%', 'percent', 'up', 'Gebühren'),
    ('Die Eröffnung wird sich mindestens um zwei Wochen verschieben.', 'mindestens um zwei', 2, 2, 2, 'change', 'Wochen', 'count', '', ''),
    ('Der Gasabsatz sank um 3,2 Prozent, der Stromabsatz stieg um 1,4 Prozent.', 'um 3,2 Prozent', 3.2, 3.2, 3.2, 'change', '%', 'percent', 'down', 'Gasabsatz'),
    ('Der Gasabsatz sank um 3,2 Prozent, der Stromabsatz stieg um 1,4 Prozent.', 'um 1,4 Prozent', 1.4, 1.4, 1.4, 'change', '%', 'percent', 'up', 'Stromabsatz'),
    ('Die Preise stiegen um 60 beziehungsweise 46 Prozent.', 'um 60', 60, 60, 60, 'change', '%', 'percent', 'up', 'Preise'),
    ('Die Preise stiegen um 60 beziehungsweise 46 Prozent.', '46 Prozent', 46, 46, 46, 'change', '%', 'percent', 'up', 'Preise'),
    ('Wärme und Gas legten um drei bzw. 8,5 Prozent zu.', 'um drei', 3, 3, 3, 'change', '%', 'percent', 'up', 'Wärme'),
    ('Die Quote ging um 0,4 Prozentpunkte zurück.', 'um 0,4 Prozentpunkte', 0.4, 0.4, 0.4, 'change', 'pp', 'percent_points', 'down', 'Quote'),
    ('Die Inflation stieg im März um 0,3 Prozent, die Kerninflation um 0,6.', 'um 0,6', 0.6, 0.6, 0.6, 'change', '%', 'percent', 'up', 'Kerninflation'),
    ('Die Quote sank um 0,2 Prozent, im Süden um 0,5.', 'um 0,5', 0.5, 0.5, 0.5, 'change', '%', 'percent', 'down', ''),
    ('Die Zahl der Mitarbeiter sank von 2.410 auf 2.180.', 'von 2.410 auf 2.180', 2180, 2180, 2410, 'change', 'Mitarbeiter', 'count', 'down', ''),
    ('Der Umsatz stieg von 400 auf 520 Millionen Euro.', 'von 400 auf 520 Millionen Euro', 5.2e8, 4e8, 5.2e8, 'change', 'EUR', 'money', 'up', 'Umsatz'),
    ('Der Verlust ging von 410,2 Mio. Euro auf rund 150 Mio. Euro zurück.', 'von 410,2 Mio. Euro auf rund 150 Mio. Euro', 1.5e8, 1.5e8, 4.102e8, 'change', 'EUR', 'money', 'down', ''),
    ('Die Quote stieg von 6,1 auf 6,4 Prozent.', 'von 6,1 auf 6,4 Prozent', 6.4, 6.1, 6.4, 'change', '%', 'percent', 'up', 'Quote'),
    ('Die Aktie schloss mit einem Plus von 2,10 Prozent auf 8,75 Euro.', '2,10 Prozent', 2.1, 2.1, 2.1, 'exact', '%', 'percent', 'up', 'Aktie'),
    ('Die Aktie schloss mit einem Plus von 2,10 Prozent auf 8,75 Euro.', '8,75 Euro', 8.75, 8.75, 8.75, 'exact', 'EUR', 'money', '', 'Aktie'),
    ('Die Sparte meldete ein Minus von 0,53 Prozent.', '0,53 Prozent', 0.53, 0.53, 0.53, 'exact', '%', 'percent', 'down', 'Sparte'),
    ('Die Region erzielte einen Zuwachs von 4,4 Prozent.', '4,4 Prozent', 4.4, 4.4, 4.4, 'exact', '%', 'percent', 'up', ''),
    ('Der Handel verbuchte einen Rückgang von 2,7 Prozent.', '2,7 Prozent', 2.7, 2.7, 2.7, 'exact', '%', 'percent', 'down', 'Handel'),
    ('Der Konzern meldete ein Umsatzplus von 5,5 Prozent.', '5,5 Prozent', 5.5, 5.5, 5.5, 'exact', '%', 'percent', 'up', 'Umsatz'),
    ('Der Bäcker meldete einen Gewinnrückgang von 18 Prozent.', '18 Prozent', 18, 18, 18, 'exact', '%', 'percent', 'down', 'Gewinn'),
    ('Die Fertigung wuchs mit einem Plus von 0,1 Prozentpunkten.', '0,1 Prozentpunkten', 0.1, 0.1, 0.1, 'exact', 'pp', 'percent_points', 'up', 'Fertigung'),
    ('Der Betrieb erzielte einen Umsatz von 2,5 Mio. Euro.', '2,5 Mio. Euro', 2.5e6, 2.5e6, 2.5e6, 'exact', 'EUR', 'money', '', 'Umsatz'),
    ('Umsatz: 48,2 Millionen Euro.', '48,2 Millionen Euro', 4.82e7, 4.82e7, 4.82e7, 'exact', 'EUR', 'money', '', 'Umsatz'),
    ('Die Brauerei meldete einen Gewinn vor Steuern von 3,1 Millionen Euro.', '3,1 Millionen Euro', 3.1e6, 3.1e6, 3.1e6, 'exact', 'EUR', 'money', '', 'Gewinn vor Steuern'),
    ('Die Arbeitslosenquote lag im Mai bei 7,1 Prozent.', '7,1 Prozent', 7.1, 7.1, 7.1, 'exact', '%', 'percent', '', 'Arbeitslosenquote'),
    ('Im Oktober betrug die Inflation 2,1 Prozent.', '2,1 Prozent', 2.1, 2.1, 2.1, 'exact', '%', 'percent', '', 'Inflation'),
    ('Die Investitionen beliefen sich auf 86 Millionen Euro.', '86 Millionen Euro', 8.6e7, 8.6e7, 8.6e7, 'exact', 'EUR', 'money', '', 'Investitionen'),
    ('Der Marktanteil liegt bei 14 Prozent.', '14 Prozent', 14, 14, 14, 'exact', '%', 'percent', '', 'Marktanteil'),
    ('Die Stadt rechnet mit 12 Millionen Euro Gewerbesteuer.', '12 Millionen Euro', 1.2e7, 1.2e7, 1.2e7, 'exact', 'EUR', 'money', '', 'Gewerbesteuer'),
    ('Der Windpark erreicht eine Leistung von 30 Megawatt.', '30 Megawatt', 30, 30, 30, 'exact', 'MW', 'measure', '', 'Leistung'),
    ('Das Eigenkapital in Höhe von 36,4 Millionen Euro reicht nicht.', '36,4 Millionen Euro', 3.64e7, 3.64e7, 3.64e7, 'exact', 'EUR', 'money', '', 'Eigenkapital'),
    ('Unter 1900 Beschäftigten gab es nur drei Kündigungen.', '1900', 1900, 1900, 1900, 'exact', 'Beschäftigte', 'count', '', ''),
    ('Eine Umfrage unter 800 Befragten zeigt ein klares Bild.', '800', 800, 800, 800, 'exact', 'Befragte', 'count', '', ''),
    ('Firmen mit unter 50 Beschäftigten erhalten den Zuschuss.', 'unter 50', N, N, 50, 'max', 'Beschäftigte', 'count', '', ''),
    ('Die Quote liegt unter 5 Prozent.', 'unter 5 Prozent', N, N, 5, 'max', '%', 'percent', '', 'Quote'),
    ('Der Auftrag ist höher als 2,7 Mio. Euro.', 'höher als 2,7 Mio. Euro', N, 2.7e6, N, 'min', 'EUR', 'money', '', ''),
    ('Die Miete ist niedriger als 900 Euro.', 'niedriger als 900 Euro', N, N, 900, 'max', 'EUR', 'money', '', ''),
    ('Die Abbrecherquote liegt bei knapp mehr als 30 Prozent.', 'knapp mehr als 30 Prozent', N, 30, N, 'min', '%', 'percent', '', 'Abbrecherquote'),
    ('Der Anteil liegt bei knapp unter zehn Prozent.', 'knapp unter zehn Prozent', N, N, 10, 'max', '%', 'percent', '', 'Anteil'),
    ('Das Kraftwerk verfügt über 45 MW.', '45 MW', 45, 45, 45, 'exact', 'MW', 'measure', '', ''),
    ('Das Werk in Linz verfügt heute über 45 MW Leistung.', '45 MW', 45, 45, 45, 'exact', 'MW', 'measure', '', 'Leistung'),
    ('Der Anteil soll auf 40 Prozent und mehr steigen.', '40 Prozent und mehr', N, 40, N, 'min', '%', 'percent', '', 'Anteil'),
    ('Der Anteil darf 20 Prozent oder weniger betragen.', '20 Prozent oder weniger', N, N, 20, 'max', '%', 'percent', '', 'Anteil'),
    ('Solche Winter gibt es etwa alle zehn Jahre.', 'zehn', 10, 10, 10, 'approx', 'Jahre', 'count', '', ''),
    ('Die Arbeitszeit beträgt acht Stunden, höchstens aber zehn.', 'zehn', N, N, 10, 'max', 'Stunden', 'count', '', ''),
    ('Die Messe zählte ein gutes Dutzend Aussteller.', 'ein gutes Dutzend', 12, 12, 12, 'approx', 'Aussteller', 'count', '', ''),
    ('Das Land investiert 38,7 Millionen Euro. Davon fließen 14,6 Millionen in Schulen.', '14,6 Millionen', 1.46e7, 1.46e7, 1.46e7, 'exact', 'EUR', 'money', '', ''),
    ('Der Bund gibt 20 Millionen Euro, davon 30 für die Forschung.', '30', 30, 30, 30, 'exact', 'EUR', 'money', '', ''),
    ('Die Gemeinde zahlte 600.000 beziehungsweise 960.000 Euro.', '600.000', 600000, 600000, 600000, 'exact', 'EUR', 'money', '', ''),
    ('Die Anlagen laufen meist zwölf oder 13 Jahre.', 'zwölf', 12, 12, 12, 'exact', 'Jahre', 'count', '', ''),
    ('Der Versorger beliefert etwa 230.000 gewerbliche und 4.500 landwirtschaftliche Kunden.', 'etwa 230.000', 230000, 230000, 230000, 'approx', 'Kunden', 'count', '', ''),
    ('Der Konzern hat zwei von drei Standorten verkauft.', 'zwei', 2, 2, 2, 'exact', 'Standorte', 'count', '', ''),
    ('Das Defizit wuchs um rund sechs Milliarden Euro auf 28 Milliarden Euro.', 'um rund sechs Milliarden Euro', 6e9, 6e9, 6e9, 'change', 'EUR', 'money', 'up', 'Defizit'),
    ('Die Schulden von 34 Milliarden Euro wuchsen im Vorjahr um rund sechs Milliarden.', 'um rund sechs Milliarden', 6e9, 6e9, 6e9, 'change', 'EUR', 'money', 'up', 'Schulden'),
    ('Der Vertrag hat ein Volumen von 25,3 Millionen Euro, die Hälfte trägt das Land.', 'die Hälfte', 0.5, 0.5, 0.5, 'exact', '', 'number', '', ''),
    ('Zwei Drittel der Betriebe suchen Personal.', 'Zwei Drittel', 0.6667, 0.6667, 0.6667, 'exact', '', 'number', '', ''),
    ('Ein Viertel der Fläche ist noch frei.', 'Ein Viertel', 0.25, 0.25, 0.25, 'exact', '', 'number', '', ''),
    ('Auf die Region entfällt rund ein Drittel der Aufträge.', 'rund ein Drittel', 0.3333, 0.3333, 0.3333, 'approx', '', 'number', '', ''),
    ('Mit einem Sechstel der Stimmen scheiterte der Antrag.', 'einem Sechstel', 0.1667, 0.1667, 0.1667, 'exact', '', 'number', '', ''),
    ('Nur ein Zehntel der Anträge wurde bewilligt.', 'ein Zehntel', 0.1, 0.1, 0.1, 'exact', '', 'number', '', ''),
    ('Mehr als drei Viertel der Befragten sind zufrieden.', 'Mehr als drei Viertel', N, 0.75, N, 'min', '', 'number', '', ''),
    ('Die Hälfte der Filialen schließt.', 'Die Hälfte', 0.5, 0.5, 0.5, 'exact', '', 'number', '', ''),
    ('Etwa die Hälfte der Kosten trägt der Bund.', 'Etwa die Hälfte', 0.5, 0.5, 0.5, 'approx', '', 'number', '', ''),
    ('Der Umsatz schrumpfte um fast ein Viertel.', 'um fast ein Viertel', 0.25, 0.25, 0.25, 'change', '', 'number', 'down', 'Umsatz'),
    ('Ein halbes Dutzend Händler schloss im Sommer.', 'Ein halbes Dutzend', 6, 6, 6, 'exact', 'Händler', 'count', '', ''),
    ('Mehr als eine halbe Million Euro fließt in das Projekt.', 'Mehr als eine halbe Million Euro', N, 500000, N, 'min', 'EUR', 'money', '', ''),
    ('Die Firma zählt zweiundsechzig Millionen dreihundertvierzigtausendfünfhundertelf Kunden.', 'zweiundsechzig Millionen dreihundertvierzigtausendfünfhundertelf', 62340511, 62340511, 62340511, 'exact', 'Kunden', 'count', '', ''),
    ('Es kamen hundert zwanzig Gäste.', 'hundert zwanzig', 120, 120, 120, 'exact', 'Gäste', 'count', '', ''),
    ('Es kamen drei und fünfzig Besucher.', 'drei und fünfzig', 53, 53, 53, 'exact', 'Besucher', 'count', '', ''),
    ('Der Index lag bei zweitausendeinhundert Komma fünf Punkten.', 'zweitausendeinhundert Komma fünf', 2100.5, 2100.5, 2100.5, 'exact', 'Punkte', 'count', '', ''),
    ('Die Rendite beträgt zwei Komma fünf Prozent.', 'zwei Komma fünf Prozent', 2.5, 2.5, 2.5, 'exact', '%', 'percent', '', 'Rendite'),
    ('Die Firma wurde im Jahr neunzehnhundertneunundachtzig gegründet.', 'neunzehnhundertneunundachtzig', 1989, 1989, 1989, 'exact', '', 'year', '', ''),
    ('Das Projekt kostet eine milliarde Euro.', 'eine milliarde Euro', 1e9, 1e9, 1e9, 'exact', 'EUR', 'money', '', 'Projekt'),
    ('Der Fonds umfasst zwei Milliarden dreihundert Millionen Euro.', 'zwei Milliarden dreihundert Millionen Euro', 2.3e9, 2.3e9, 2.3e9, 'exact', 'EUR', 'money', '', 'Fonds'),
    ('Der Verband zählt viertausendzweihundert Mitglieder.', 'viertausendzweihundert', 4200, 4200, 4200, 'exact', 'Mitglieder', 'count', '', ''),
    ('Der Markt besteht seit 1570.', '1570', 1570, 1570, 1570, 'exact', '', 'year', '', ''),
    ('Die Bank vergab Kredite über 700 Millionen Lewa.', 'über 700 Millionen Lewa', N, 7e8, N, 'min', 'BGN', 'money', '', ''),
    ('Der Konzern zahlte 300 Millionen polnische Zloty.', '300 Millionen polnische Zloty', 3e8, 3e8, 3e8, 'exact', 'PLN', 'money', '', ''),
    ('Der Fonds kaufte Anleihen für 40 Milliarden Forint.', '40 Milliarden Forint', 4e10, 4e10, 4e10, 'exact', 'HUF', 'money', '', ''),
    ('In Tschechien kostet die Vignette 1.500 Kronen.', '1.500 Kronen', 1500, 1500, 1500, 'exact', 'CZK', 'money', '', 'Vignette'),
    ('In Schweden kostet die Fahrt 300 Kronen.', '300 Kronen', 300, 300, 300, 'exact', 'SEK', 'money', '', 'Fahrt'),
    ('Die Zentralbank hielt 5 Milliarden Rubel zurück.', '5 Milliarden Rubel', 5e9, 5e9, 5e9, 'exact', 'RUB', 'money', '', ''),
    ('Die Ukraine erhält 2 Milliarden Hrywnja.', '2 Milliarden Hrywnja', 2e9, 2e9, 2e9, 'exact', 'UAH', 'money', '', ''),
    ('Die Zürcher Bank zahlte 12 Millionen Franken.', '12 Millionen Franken', 1.2e7, 1.2e7, 1.2e7, 'exact', 'CHF', 'money', '', ''),
    ('Der Hersteller investiert 3 Milliarden Yuan in Shanghai.', '3 Milliarden Yuan', 3e9, 3e9, 3e9, 'exact', 'CNY', 'money', '', ''),
    ('Der Zulieferer erzielte 80 Milliarden Yen Umsatz.', '80 Milliarden Yen', 8e10, 8e10, 8e10, 'exact', 'JPY', 'money', '', 'Umsatz'),
    ('Ein Brot kostet in Istanbul 15 Lira.', '15 Lira', 15, 15, 15, 'exact', 'TRY', 'money', '', 'Brot'),
    ('Die Mine in Johannesburg kostet 900 Millionen Rand.', '900 Millionen Rand', 9e8, 9e8, 9e8, 'exact', 'ZAR', 'money', '', 'Mine'),
    ('Serbien zahlt 40 Millionen Dinar an die Bahn.', '40 Millionen Dinar', 4e7, 4e7, 4e7, 'exact', 'RSD', 'money', '', ''),
    ('Die Bahn erhielt 25 Millionen serbische Dinar.', '25 Millionen serbische Dinar', 2.5e7, 2.5e7, 2.5e7, 'exact', 'RSD', 'money', '', ''),
    ('Der Lieferant erhält 500 Millionen US-Dollar.', '500 Millionen US-Dollar', 5e8, 5e8, 5e8, 'exact', 'USD', 'money', '', ''),
    ('Rumänien investiert 200 Millionen Lei in Straßen.', '200 Millionen Lei', 2e8, 2e8, 2e8, 'exact', 'RON', 'money', '', ''),
    ('Die Preise werden am Montag (27.7.) vorgestellt.', '27.7.', N, N, N, 'exact', '', 'date', '', ''),
    ('Die Power Lunch brachte 2,2 Millionen Dollar ein.', '2,2 Millionen Dollar', 2.2e6, 2.2e6, 2.2e6, 'exact', 'USD', 'money', '', ''),
    ('Zwei von drei Befragten arbeiten am Wochenende.', 'drei', 3, 3, 3, 'exact', 'Befragte', 'count', '', ''),
    ('Die Versorgung zweier Gemeinden ist gesichert.', 'zweier', 2, 2, 2, 'exact', 'Gemeinden', 'count', '', ''),
    ('Nach Angaben des Amtes brachten die 2013 gefällten Urteile Klarheit.', '2013', 2013, 2013, 2013, 'exact', '', 'year', '', ''),
    ('Die Firma hat zigtausende Kunden verloren.', 'zigtausende', N, N, N, 'vague', 'Kunden', 'count', '', ''),
    ('Die Zahl der Mitarbeiter hat sich um 51 Personen auf 2680 verringert.', 'um 51', 51, 51, 51, 'change', 'Personen', 'count', 'down', ''),
    ('Die Zahl der Mitarbeiter hat sich um 51 Personen auf 2680 verringert.', '2680', 2680, 2680, 2680, 'exact', 'Mitarbeiter', 'count', '', ''),
    ('Die Gewinnergebote reichten von 25.000 Dollar bis zu annähernd 3,5 Millionen Dollar.', 'von 25.000 Dollar bis zu annähernd 3,5 Millionen Dollar', N, 25000, 3.5e6, 'range', 'USD', 'money', '', ''),
    ('Der Bund gab eine Milliarde Euro, die Länder 400 Millionen.', '400 Millionen', 4e8, 4e8, 4e8, 'exact', 'EUR', 'money', '', ''),
    ('Der MDax gab fünf Prozent auf 4927 Zähler nach und der TecDax fiel um 7,6 Prozent auf 457 Punkte.', 'fünf Prozent', 5, 5, 5, 'exact', '%', 'percent', 'down', 'MDax'),
    ('Der MDax gab fünf Prozent auf 4927 Zähler nach und der TecDax fiel um 7,6 Prozent auf 457 Punkte.', 'um 7,6 Prozent', 7.6, 7.6, 7.6, 'change', '%', 'percent', 'down', 'TecDax'),
    ('Die Firma gab 5 Prozent ihres Gewinns aus.', '5 Prozent', 5, 5, 5, 'exact', '%', 'percent', '', ''),
    ('Der Mobilfunker konnte den Umsatz um 8,2 Prozent auf 755 Millionen Euro steigern.', '755 Millionen Euro', 7.55e8, 7.55e8, 7.55e8, 'exact', 'EUR', 'money', '', 'Umsatz'),
    ('Das Gutachten beziffert die Kosten für die Wirtschaft auf 1,73 Milliarden Euro.', '1,73 Milliarden Euro', 1.73e9, 1.73e9, 1.73e9, 'exact', 'EUR', 'money', '', 'Kosten'),
    ('Die Reichweite lag zwischen 1,8 und ca. 15 Kilometer.', 'zwischen 1,8 und ca. 15 Kilometer', N, 1.8, 15, 'range', 'km', 'measure', '', 'Reichweite'),
    ('Die Stiftung erhält eine Million zweihunderttausend Euro.', 'eine Million zweihunderttausend Euro', 1.2e6, 1.2e6, 1.2e6, 'exact', 'EUR', 'money', '', ''),
    ('Der Fonds wächst auf eine Milliarde fünfhundert Millionen Euro.', 'eine Milliarde fünfhundert Millionen Euro', 1.5e9, 1.5e9, 1.5e9, 'exact', 'EUR', 'money', '', 'Fonds'),
    ('Dreiviertel der Befragten sind zufrieden.', 'Dreiviertel', 0.75, 0.75, 0.75, 'exact', '', 'number', '', ''),
    ('Das Ergebnis lag bei minus zwölf Millionen Euro.', 'minus zwölf Millionen Euro', -1.2e7, -1.2e7, -1.2e7, 'exact', 'EUR', 'money', 'down', 'Ergebnis'),
    ('Die Rendite beträgt null Komma fünf Prozent.', 'null Komma fünf Prozent', 0.5, 0.5, 0.5, 'exact', '%', 'percent', '', 'Rendite'),
    ('Das Werk wurde achtzehnhundertfünfzig gegründet.', 'achtzehnhundertfünfzig', 1850, 1850, 1850, 'exact', '', 'year', '', ''),
    ('Der Verband zählt vierzig tausend Mitglieder.', 'vierzig tausend', 40000, 40000, 40000, 'exact', 'Mitglieder', 'count', '', ''),
    ('Im ATX legten Erste Group 2,1 Prozent zu.', '2,1 Prozent', 2.1, 2.1, 2.1, 'exact', '%', 'percent', 'up', ''),
    ('Der Hafen schlug 6,9 Prozent weniger Container um als im Vorjahr.', '6,9 Prozent', 6.9, 6.9, 6.9, 'exact', '%', 'percent', 'down', ''),
    ('Die Zahl der Gäste lag 11 % höher als im Vorjahr.', '11 %', 11, 11, 11, 'exact', '%', 'percent', 'up', ''),
    ('Die Versuchshalle umfasst knapp 5.000 Quadratmeter.', 'knapp 5.000 Quadratmeter', 5000, 5000, 5000, 'approx', 'm²', 'measure', '', 'Versuchshalle'),
    ('Die Kosten für den Ausbau schätzt die Behörde auf 18,9 Milliarden Euro.', '18,9 Milliarden Euro', 1.89e10, 1.89e10, 1.89e10, 'exact', 'EUR', 'money', '', 'Kosten'),
    ('Doch der Umsatz sei 2023 um 18 Prozent auf 112 Millionen Euro eingebrochen.', 'um 18 Prozent', 18, 18, 18, 'change', '%', 'percent', 'down', 'Umsatz'),
    ('Der Leuchtenhersteller hat seine Belegschaft um 10 Prozent aufgestockt.', 'um 10 Prozent', 10, 10, 10, 'change', '%', 'percent', 'up', 'Belegschaft'),
    ('Im Vergleich zum Vorjahr ist die Quote um 0,6 Prozentpunkte gesunken.', 'um 0,6 Prozentpunkte', 0.6, 0.6, 0.6, 'change', 'pp', 'percent_points', 'down', 'Quote'),
    ('Der Umsatz stieg trotz der Flaute um 2,3 Prozent.', 'um 2,3 Prozent', 2.3, 2.3, 2.3, 'change', '%', 'percent', 'up', 'Umsatz'),
    ('Pro Jahr fallen dafür bis zu 100 Millionen Euro an.', 'bis zu 100 Millionen Euro', N, N, 1e8, 'max', 'EUR', 'money', '', ''),
    ('Viele Betriebe geben weniger als fünf Prozent ihres Budgets für Sicherheit aus.', 'weniger als fünf Prozent', N, N, 5, 'max', '%', 'percent', '', ''),
    ('Auf 6.500 Quadratmetern sollen Getriebe entstehen.', '6.500 Quadratmetern', 6500, 6500, 6500, 'exact', 'm²', 'measure', '', ''),
    ('Die Quote sank um die Hälfte.', 'um die Hälfte', 0.5, 0.5, 0.5, 'change', '', 'number', 'down', 'Quote'),
    ('Die Andritz-Aktie gewann 2,4 Prozent, die Verbund-Aktie verlor 1,1 Prozent.', '2,4 Prozent', 2.4, 2.4, 2.4, 'exact', '%', 'percent', 'up', 'Andritz-Aktie'),
    ('Die Andritz-Aktie gewann 2,4 Prozent, die Verbund-Aktie verlor 1,1 Prozent.', '1,1 Prozent', 1.1, 1.1, 1.1, 'exact', '%', 'percent', 'down', 'Verbund-Aktie'),
    ('Der Anteil stieg auf 40 Prozent.', '40 Prozent', 40, 40, 40, 'exact', '%', 'percent', '', 'Anteil'),
    ('12 Prozent der Firmen wollen wachsen.', '12 Prozent', 12, 12, 12, 'exact', '%', 'percent', '', ''),
]
# fmt: on


@pytest.mark.parametrize(
    "sentence, span, value, value_min, value_max, qualifier, unit, kind, direction, measure",
    NEWS_FIGURES,
)
def test_news_figure(
    nlp: Language,
    sentence: str,
    span: str,
    value: float | None,
    value_min: float | None,
    value_max: float | None,
    qualifier: str,
    unit: str,
    kind: str,
    direction: str,
    measure: str,
) -> None:
    figure = find(nlp, sentence, span)
    got = (figure.value, figure.value_min, figure.value_max)
    assert got == pytest.approx((value, value_min, value_max)), got
    assert (figure.qualifier, figure.unit, figure.kind) == (qualifier, unit, kind)
    assert (figure.direction, figure.measure) == (direction, measure)


# Numbers that are no figures: court file numbers, issue numbers, article references.
NOT_FIGURES = [
    "Das Urteil (2 R 55/16k) ist rechtskräftig.",
    "Im Verfahren 12 Cg 31/15 gab es einen Vergleich.",
    "Der Oberste Gerichtshof entschied zu 7 Ob 123/19a.",
    "Die Studie erschien im Heft (3/2016) der Zeitschrift.",
    "Das Grundrecht (Art 6 StGG) schützt die Erwerbsfreiheit.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_a_figure(nlp: Language, sentence: str) -> None:
    assert [f.text for f in extract_figures(nlp(sentence))] == []


def _entities(text: str, names: list[tuple[str, str]]) -> list[Entity]:
    """Entity records for (label, surface) pairs, at their first place in the text."""
    out = []
    for label, surface in names:
        start = text.index(surface)
        out.append(Entity(label, surface, start, start + len(surface), surface, "", "rule"))
    return out


# (text, entities as (label, surface), dateline, figure span, org, place, context_from)
# fmt: off
CONTEXTS = [
    ("Palmers betreibt 120 Filialen in Österreich.", [("ORG", "Palmers"), ("LOC", "Österreich")], "", "120", "Palmers", "Österreich", "sentence"),
    ("Bei Zielpunkt in Wien stehen 2.500 Arbeitsplätze auf dem Spiel.", [("ORG", "Zielpunkt"), ("LOC", "Wien")], "", "2.500", "Zielpunkt", "Wien", "sentence"),
    ("Die Voestalpine steigerte den Umsatz um 4 Prozent.", [("ORG", "Voestalpine")], "Linz", "um 4 Prozent", "Voestalpine", "Linz", "sentence+dateline"),
    ("Der Umsatz stieg um 4 Prozent.", [], "Graz", "um 4 Prozent", "", "Graz", "dateline"),
    ("Der Umsatz stieg um 4 Prozent.", [], "", "um 4 Prozent", "", "", ""),
    ("Die Firma Kastner baut in Wels. Das Unternehmen investiert 12 Millionen Euro.", [("ORG", "Kastner"), ("LOC", "Wels")], "", "12 Millionen Euro", "Kastner", "", "previous"),
    ("Die Kelag investiert 30 Millionen Euro, der Verbund 45 Millionen Euro.", [("ORG", "Kelag"), ("ORG", "Verbund")], "", "45 Millionen Euro", "Verbund", "", "sentence"),
    ("Die Kelag investiert 30 Millionen Euro, der Verbund 45 Millionen Euro.", [("ORG", "Kelag"), ("ORG", "Verbund")], "", "30 Millionen Euro", "Kelag", "", "sentence"),
    ("In Kärnten sank die Arbeitslosenquote auf 8,1 Prozent, in der Steiermark auf 6,2 Prozent.", [("LOC", "Kärnten"), ("LOC", "Steiermark")], "", "6,2 Prozent", "", "Steiermark", "sentence"),
    ("In Kärnten sank die Arbeitslosenquote auf 8,1 Prozent, in der Steiermark auf 6,2 Prozent.", [("LOC", "Kärnten"), ("LOC", "Steiermark")], "", "8,1 Prozent", "", "Kärnten", "sentence"),
    ("Rund 400 Beschäftigte zählt der Standort der Rosenbauer AG in Leonding.", [("ORG", "Rosenbauer AG"), ("LOC", "Leonding")], "", "Rund 400", "Rosenbauer AG", "Leonding", "sentence"),
    ("Die Strabag baut. Der Verkauf brachte 2,1 Millionen Euro ein.", [("ORG", "Strabag")], "", "2,1 Millionen Euro", "", "", ""),
    ("Seit 2015 wächst die Bank in Salzburg.", [("LOC", "Salzburg")], "", "2015", "", "", ""),
    ("Die Erste Group verdiente 1,2 Milliarden Euro, wie sie in Wien mitteilte.", [("ORG", "Erste Group"), ("LOC", "Wien")], "", "1,2 Milliarden Euro", "Erste Group", "", "sentence"),
    ("Die Spar-Gruppe eröffnet in Tirol 14 neue Märkte.", [("ORG", "Spar-Gruppe"), ("LOC", "Tirol")], "Innsbruck", "14", "Spar-Gruppe", "Tirol", "sentence"),
    ("Der Ziegelhersteller aus Vorarlberg beschäftigt 310 Mitarbeiter.", [("LOC", "Vorarlberg")], "Bregenz", "310", "", "Vorarlberg", "sentence"),
]
# fmt: on


@pytest.mark.parametrize("text, names, dateline, span, org, place, context_from", CONTEXTS)
def test_figure_context(
    nlp: Language,
    text: str,
    names: list[tuple[str, str]],
    dateline: str,
    span: str,
    org: str,
    place: str,
    context_from: str,
) -> None:
    figures = assign_context(extract_figures(nlp(text)), _entities(text, names), text, dateline)
    figure = next(f for f in figures if f.text == span)
    assert (figure.org, figure.place, figure.context_from) == (org, place, context_from)


def test_a_name_is_no_measure(nlp: Language) -> None:
    """The figures component does not know the final entities; the context step clears a
    measure that is a name of the sentence ("Andritz gewann 2,4 Prozent")."""
    text = "Andritz gewann 2,4 Prozent."
    figure = extract_figures(nlp(text))[0]
    assert (figure.measure, figure.direction) == ("Andritz", "up")
    assign_context([figure], _entities(text, [("ORG", "Andritz")]), text)
    assert (figure.measure, figure.org, figure.context_from) == ("", "Andritz", "sentence")
