"""Every agency house style of dateline (issue 9, item 3), in its language, on short invented copy.

Each fixture is a headline, then a lead opening with the dateline in one agency's
style.  The parser must return the city, the qualifier as written, the agency and
the date (its year from the received time), and a lead without the dateline.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.model import Envelope
from streams.parsing import parse

RECEIVED = datetime(2019, 11, 20, 12, 0, tzinfo=timezone.utc)


def P(text: str, received_at=RECEIVED):
    return parse(Envelope(id="t", text=text, received_at=received_at))


# (style, dispatch text, city, qualifier, agency, date, first words of the lead)
STYLES = [
    ("dpa", "Hafen meldet Rekordumschlag\n\nHamburg (dpa) - Der Hafen hat im Oktober so viele Container umgeschlagen wie nie.",
     "Hamburg", None, "dpa", None, "Der Hafen hat"),
    ("dpa regional", "Neue Brücke über den Main eröffnet\n\nFrankfurt/Main (dpa/lno) - Die neue Brücke ist am Morgen für den Verkehr freigegeben worden.",
     "Frankfurt/Main", None, "dpa/lno", None, "Die neue Brücke"),
    ("dpa without dash", "Biathleten laufen auf Platz drei\n\nRuhpolding (dpa) Die deutschen Biathleten sind in der Staffel auf Platz drei gelaufen.",
     "Ruhpolding", None, "dpa", None, "Die deutschen Biathleten"),
    ("ANSA agency first", "Manovra, via libera del governo\n\n(ANSA) - ROMA, 13 NOV - Il governo ha approvato la manovra in serata dopo un lungo vertice.",
     "Roma", None, "ANSA", "2019-11-13", "Il governo ha"),
    ("ANSA capitals", "Il Papa riceve i pellegrini\n\nCITTA' DEL VATICANO, 20 NOV - Il Papa ha ricevuto stamane migliaia di pellegrini in piazza San Pietro.",
     "Citta' del Vaticano", None, None, "2019-11-20", "Il Papa ha"),
    ("Adnkronos", "Udienza generale in piazza\n\nCittà del Vaticano, 13 nov. - (Adnkronos) - Il Papa è arrivato in piazza San Pietro per l'udienza generale.",
     "Città del Vaticano", None, "Adnkronos", "2019-11-13", "Il Papa è"),
    ("TMNews", "Borsa in rialzo a fine seduta\n\nMilano (TMNews) - Chiusura positiva per Piazza Affari, trainata dai titoli bancari in forte rialzo.",
     "Milano", None, "TMNews", None, "Chiusura positiva per"),
    ("AFP French", "Somalie: attentat meurtrier sur un marché\n\nBAIDOA (Somalie), 20 mars 2017 (AFP) - Au moins cinq personnes ont été tuées lundi dans un attentat sur un marché.",
     "Baidoa", "Somalie", "AFP", "2017-03-20", "Au moins cinq"),
    ("AFP two brackets", "Nouveaux tirs de roquettes\n\nGaza (Territoires palestiniens) (AFP) – Des dizaines de roquettes ont été tirées dans la nuit depuis l'enclave.",
     "Gaza", "Territoires palestiniens", "AFP", None, "Des dizaines de"),
    ("EFE", "Un nuevo museo abre sus puertas\n\nToronto (Canadá), 9 sep (EFE).- El nuevo museo de arte abrió este lunes sus puertas al público.",
     "Toronto", "Canadá", "EFE", "2019-09-09", "El nuevo museo"),
    ("Europa Press", "El paro baja en agosto\n\nMADRID, 7 Sep. (EUROPA PRESS) -\n\nEl número de parados registrados bajó en agosto por tercer mes consecutivo.",
     "Madrid", None, "EUROPA PRESS", "2019-09-07", "El número de"),
    ("Europa Press with AP", "Fuerte sismo en la costa\n\nQUITO 16 Nov. (EP/AP) -\nUn sismo de magnitud 6,1 sacudió la costa norte del país esta noche.",
     "Quito", None, "EP/AP", "2019-11-16", "Un sismo de"),
    ("Lusa", "Governo aprova orçamento\n\nLisboa, 25 set (Lusa) – O Governo aprovou hoje em Conselho de Ministros a proposta de orçamento.",
     "Lisboa", None, "Lusa", "2019-09-25", "O Governo aprovou"),
    ("AWP", "Börse schliesst fester\n\nParis (awp/afp) - Die Pariser Börse hat am Freitag mit Gewinnen geschlossen.",
     "Paris", None, "awp/afp", None, "Die Pariser Börse"),
    ("dts", "Regierung plant neues Gesetz\n\nBerlin (dts Nachrichtenagentur) – Die Bundesregierung will noch in diesem Jahr ein neues Gesetz vorlegen.",
     "Berlin", None, "dts Nachrichtenagentur", None, "Die Bundesregierung will"),
    ("AP state", "Small plane lands on highway\n\nSACO, Maine (AP) — A small plane made an emergency landing on a highway on Sunday, police said.",
     "Saco", "Maine", "AP", None, "A small plane"),
    ("AP abbreviated state", "Wildfire grows overnight\n\nPRESCOTT VALLEY, Ariz. (AP) — A wildfire burning through dry brush forced hundreds of people from their homes.",
     "Prescott Valley", "Ariz.", "AP", None, "A wildfire burning"),
    ("AP country, no agency", "Un nouveau foyer de la maladie\n\nKINSHASA, Congo — Le ministre de la Santé a annoncé dimanche un nouveau foyer dans le nord-ouest.",
     "Kinshasa", "Congo", None, None, "Le ministre de"),
    ("Reuters without dash", "Ruling party names its candidate\n\nBRAZZAVILLE Jan 25 The ruling party on Monday\nnamed the incumbent president as its candidate for the March vote.",
     "Brazzaville", None, None, "2020-01-25", "The ruling party"),
    ("Reuters comma, no dash", "Vaccine trial starts\n\nLONDON, Nov 18 An Ebola vaccine trial started on Monday in three countries, the organisers said.",
     "London", None, None, "2019-11-18", "An Ebola vaccine"),
]


@pytest.mark.parametrize("style,text,city,qualifier,agency,date,lead", STYLES, ids=[s[0] for s in STYLES])
def test_dateline_house_style(style, text, city, qualifier, agency, date, lead):
    p = P(text)
    assert p.dateline.city == city
    assert p.dateline.qualifier == qualifier
    assert p.dateline.agency == agency
    assert p.dateline.date == date
    assert p.paragraphs[0].startswith(lead)
    assert p.headline == text.split("\n", 1)[0]


# The dateline anywhere in the first lines: after summary bullets, a byline, a time stamp, in six languages.
POSITIONS = [
    ("en", "Ports reopen after the storm\n\n• Ships were held for three days\n• Trade losses are not yet known\n\n"
           "LONDON (Reuters) - Britain's ports reopened on Thursday after the storm.", "London", "Britain's ports"),
    ("fr", "Les ports rouvrent après la tempête\n\nPar Jean Dupont\n\nPARIS (Reuters) - Les ports ont rouvert jeudi après la tempête.",
     "Paris", "Les ports ont"),
    ("de", "Häfen wieder offen\n\n18. Januar 2019, 15:44 Uhr\n\nHamburg (dpa) - Die Häfen sind nach dem Sturm wieder geöffnet worden.",
     "Hamburg", "Die Häfen sind"),
    ("es", "Reabren los puertos del norte\n\nActualizado: viernes, 12 septiembre 2008 18:00\n\nMADRID, 12 Sep. (EUROPA PRESS) -\n\n"
           "Los puertos reabrieron este viernes tras el temporal.", "Madrid", "Los puertos reabrieron"),
    ("it", "Riaprono i porti della Liguria\n\ndi Mario Rossi\n\nGENOVA, 13 NOV - I porti hanno riaperto in mattinata dopo la mareggiata.",
     "Genova", "I porti hanno"),
    ("pt", "Portos reabertos\n\n25/09/2014 12:00\n\nLisboa, 25 set (Lusa) – Os portos reabriram hoje depois da tempestade.",
     "Lisboa", "Os portos reabriram"),
]


@pytest.mark.parametrize("lang,text,city,lead", POSITIONS, ids=[p[0] for p in POSITIONS])
def test_dateline_after_bullets_byline_or_time_stamp(lang, text, city, lead):
    p = P(text)
    assert p.dateline.city == city
    assert p.paragraphs[0].startswith(lead)
    assert p.headline == text.split("\n", 1)[0]


def test_bare_agency_tag_is_no_dateline():
    p = P("Les rebelles entrent dans la ville\n\n(Belga) Une colonne de rebelles est entrée mardi dans la ville, a constaté un journaliste.")
    assert p.dateline.city is None and p.dateline.agency == "Belga"
    assert p.paragraphs[0].startswith("Une colonne")


def test_bare_agency_tag_with_dash_is_no_dateline():
    p = P("(Adnkronos) – È arrivato il giorno della finale del\n\nfestival. Oggi si incorona il vincitore della gara.")
    assert p.dateline.city is None and p.headline == ""
    assert p.paragraphs[0].startswith("È arrivato il giorno della finale del festival.")


def test_date_without_city_is_no_dateline():
    p = P("6 nov – A partire dal 19 novembre per 2mila lavoratori potrebbe aprirsi la cassa integrazione.")
    assert p.dateline.city is None
    assert p.paragraphs[0].startswith("A partire dal")


def test_agency_and_date_line_is_no_dateline():
    p = P("AFP | 25/08/2011\nL'aviation a lancé jeudi soir un nouveau raid, a-t-on appris auprès des services d'urgence.")
    assert p.dateline.city is None and p.headline == ""
    assert p.paragraphs[0].startswith("L'aviation a lancé")


def test_year_comes_from_received_time_else_no_date():
    text = "Sommet à Rome\n\nROME, 14 juillet (Reuters) - Les dirigeants se sont retrouvés à Rome pour un sommet."
    assert P(text, datetime(2017, 1, 3, tzinfo=timezone.utc)).dateline.date == "2016-07-14"
    assert P(text, None).dateline.date is None  # no invented partial date


def test_dateline_after_an_agency_credit():
    p = P("EFE París, Francia.- El tenista español jugará la final del torneo el domingo ante el noruego.")
    assert (p.dateline.city, p.dateline.qualifier, p.dateline.agency) == ("París", "Francia", "EFE")
    assert p.paragraphs[0].startswith("El tenista")


def test_dateline_after_the_headline_in_capitals_on_one_line():
    p = P("Accueil Vers un accord sur le budget en Belgique Reuters • 30/09/2020 à 11:12\n\n"
          "VERS UN ACCORD SUR LE BUDGET EN BELGIQUE BRUXELLES (Reuters) - Les partis se sont entendus mercredi sur le budget.")
    assert p.dateline.city == "Bruxelles"
    assert p.headline == "Vers un accord sur le budget en Belgique"
    assert p.paragraphs[0].startswith("Les partis")


def test_colon_dateline_only_for_a_place():
    p = P("Le bac commence\n\nPARIS: \"Les pratiques artistiques transforment-elles le monde?\", demandait le sujet ce matin.")
    assert p.dateline.city == "Paris"
    q = P("Le bac commence\n\nNOTE: \"Les pratiques artistiques transforment-elles le monde?\", demandait le sujet ce matin.")
    assert q.dateline.city is None


def test_headline_with_a_dash_is_not_a_dateline():
    p = P("Premier League - Managers: Moyes rues late goal\n\nAll the reaction to Saturday's games, with the manager left frustrated.")
    assert p.dateline.city is None
    assert p.headline == "Premier League - Managers: Moyes rues late goal"


# -- the cheaper regular expression is only skipped when it cannot differ ------------------------

_PIECES = ["BRAZZAVILLE", "Jan", "jan.", "MARCH", "Mai", "Sept.", "Ago", "25", "3", "1987", " ", "  ", ", ", " - ",
           " – ", "(Reuters)", "(dpa)", "Congo", "New", "York", ".", "-", "Feb", "dez", "ROMA", "Frankfurt/Main", "\u00a0"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_month_look_ahead_matters_only_before_a_digit(text):
    # match_dateline tries _DATELINE_FAST (city words without the month look-ahead) and goes to _DATELINE
    # only where the look-ahead could refuse a word: elsewhere both must match alike
    from streams.parsing import dateline as D

    fast, full = D._DATELINE_FAST.match(text), D._DATELINE.match(text)
    if full is not None:
        assert fast is not None  # the look-ahead only adds a condition
    if not D._month_before_digit(text):
        assert (fast and (fast.span(), fast.groupdict())) == (full and (full.span(), full.groupdict()))


def test_month_before_digit():
    from streams.parsing.dateline import _month_before_digit

    assert _month_before_digit("BRAZZAVILLE Jan 25 Congo")
    assert _month_before_digit("PARIS, 3 SEPT.\u00a04")
    assert not _month_before_digit("STANDARD OIL <SRD> TO FORM 2 UNITS")
    assert not _month_before_digit("Janvier sans chiffre")


# -- the separator pre-check (_MAY_END): a text without one holds no dateline ------------------------------------

_SEP_PIECES = _PIECES + ["vs", "avgs", "....", "644", "shr", "loss", "cts", ":", ": ", ". ", " «", " \"", " „Die",
                         " ¿Qué", " Élysée", " Łódź", "\t", "\n", "—", "(AFP)", "<HNH>", "x", "a", "é"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_SEP_PIECES), st.text(max_size=3)), max_size=12).map("".join))
def test_no_dateline_expression_matches_without_a_separator(text):
    from streams.parsing import dateline as D

    if not D._MAY_END(text):
        assert D._DATELINE_FAST.match(text) is None
        assert D._DATELINE.match(text) is None
        assert D._DATELINE_NODATE.match(text) is None


@pytest.mark.parametrize("text", ["WASHINGTON, March 2 - The", "PARIS, 14 juillet (Reuters) – La", "Damaskus — Die",
                                  "LONDON. The", "ROMA: Il", "BERLIN \"Wir", "MADRID «El", "NEW YORK Jan 5 Stocks",
                                  "BOGOTÁ, 3 mar (EFE).- El", "LIMA ¿Qué"])
def test_every_kind_of_separator_passes_the_pre_check(text):
    from streams.parsing import dateline as D

    m = D._DATELINE_FAST.match(text)
    assert m is not None and D._MAY_END(text)
