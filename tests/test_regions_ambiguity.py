"""Region tagger ambiguity classes, in French, English, German and Spanish.

Synthetic :class:`ParsedDispatch` objects are built directly so that these tests do
not depend on the parser.  Classes: casing, qualifiers, person names, metonyms,
population, context, home-market prior, common words, all-caps headlines.
"""
from __future__ import annotations

import pytest

from streams.model import Dateline, ParsedDispatch
from streams.regions import tag_regions


def tag(headline: str, *paragraphs: str, lang: str | None = None, city: str | None = None,
        qualifier: str | None = None, source: str | None = None) -> dict[str, dict]:
    p = ParsedDispatch(headline=headline, paragraphs=list(paragraphs), language=lang,
                       dateline=Dateline(city=city, qualifier=qualifier))
    regions = tag_regions(p, source=source)
    out = {r["code"]: r for r in regions}
    out["_dateline"] = {"code": p.dateline.country}
    return out


def codes(result: dict, roles=("subject", "dateline", "mentioned")) -> set[str]:
    return {c for c, r in result.items()
            if not c.startswith("_") and r.get("role") in roles and (r["mentions"] or r["code"] == result["_dateline"]["code"])}


# ---- casing -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,text,expected,absent", [
    ("en", "Let us know what you think of the new plan, he told us.", set(), {"US"}),
    ("en", "The US and Britain agreed on new sanctions.", {"US", "GB"}, set()),
    ("en", "Farmers sold more turkey and chicken before the holiday.", set(), {"TR"}),
    ("en", "Turkey raised interest rates on Tuesday.", {"TR"}, set()),
    ("en", "The shop sells fine china and glass.", set(), {"CN"}),
    ("en", "China raised interest rates on Tuesday.", {"CN"}, set()),
    ("en", "It was a nice day to split the bill at the bar.", set(), {"FR", "HR", "ME"}),
    ("fr", "Le groupe affiche un mali de trois millions d'euros.", set(), {"ML"}),
    ("fr", "Le Mali a accueilli le sommet à Bamako.", {"ML"}, set()),
    ("fr", "Le festival s'ouvre à Nice, sur la Côte d'Azur, en France.", {"FR"}, set()),
    ("de", "Die Zahl der Touristen in der Türkei stieg, sagte die Regierung in Ankara.", {"TR"}, set()),
    ("de", "Er traf sich mit Freunden in einer Bar und trank ein Bier.", set(), {"ME"}),
    ("es", "La salsa lleva chile, tomate y cebolla.", set(), {"CL"}),
    ("es", "Chile y Perú firmaron un acuerdo comercial.", {"CL", "PE"}, set()),
])
def test_casing(lang, text, expected, absent):
    r = tag("Nachricht" if lang == "de" else "Titre" if lang == "fr" else "Titular" if lang == "es" else "Headline",
            text, lang=lang)
    found = codes(r)
    assert expected <= found, (found, r)
    assert not (absent & found), (found, r)


@pytest.mark.parametrize("lang,text,absent,present", [
    ("en", "Reading the market, analysts said Brent crude demand was strong. Mobile phone makers gained.",
     {"GB", "US"}, set()),
    ("en", "The union said talks with Washington would resume.", set(), {"US"}),
    ("fr", "L'Union a adopté le texte. Selon Bruxelles, Orange a gagné des clients.", {"US", "AU"}, set()),
    ("de", "Das Essen in der Kantine war gut, sagte der Sprecher.", {"DE"}, set()),
    ("de", "Der Konzern mit Sitz in Essen erwartet mehr Umsatz in Deutschland.", set(), {"DE"}),
    ("es", "La unión de los sindicatos convocó una huelga en Valencia.", {"US"}, {"ES"}),
])
def test_common_words_are_not_towns(lang, text, absent, present):
    r = tag("x", text, lang=lang)
    found = codes(r)
    assert not (absent & found), (found, r)
    assert present <= found, (found, r)


def test_all_caps_headline_needs_corroboration_for_common_words():
    # 1987 wire headlines are in capitals: casing says nothing there
    r = tag("TURKEY PRICES RISE AHEAD OF HOLIDAY", "Wholesale prices for frozen turkey rose 3 pct, the USDA said.",
            lang="en")
    assert "TR" not in codes(r)
    r = tag("TURKEY RAISES DISCOUNT RATE", "Turkey's central bank raised its discount rate to 45 pct.", lang="en")
    assert r["TR"]["role"] == "subject"
    r = tag("CHAD REBELS TAKE TOWN", "Rebels in Chad took the northern town, the government said.", lang="en")
    assert "TD" in codes(r)


# ---- qualifiers -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,text,code,absent", [
    ("en", "The company is based in Cambridge, Mass., and has 200 employees.", "US", "GB"),
    ("en", "The start-up moved to San Mateo, Calif., last year.", "US", "PH"),
    ("en", "Paris, Texas, has a population of about 25,000 people.", "US", "FR"),
    ("en", "The plant in Sunnyvale, CA will close.", "US", None),
    ("fr", "La société, installée à Paris (Texas), emploie 200 personnes.", "US", "FR"),
    ("de", "Das Labor in Cambridge, Massachusetts, wurde erweitert.", "US", "GB"),
    ("es", "La planta de Mérida, Venezuela, cerró sus puertas.", "VE", "MX"),
])
def test_qualifiers(lang, text, code, absent):
    r = tag("x", text, lang=lang)
    assert code in codes(r), r
    if absent:
        assert absent not in codes(r), r


def test_dateline_qualifier_in_lead_when_the_parser_missed_it():
    r = tag("ACME <ACM> 4TH QTR NET", "GREENWICH, Conn., March 3 - Shr 45 cts vs 58 cts.", lang="en")
    assert r["_dateline"]["code"] == "US"
    r = tag("CINRAM 4TH QTR", "SCARBOROUGH, Ontario, Feb 26 - Shr 45 cts vs 58 cts", lang="en")
    assert r["_dateline"]["code"] == "CA"


# ---- person names -----------------------------------------------------------------------------
def test_a_town_name_that_speaks_is_a_person():
    r = tag("x", "Lawson said the deal with Canada was fine. Lawson has told bankers so.", lang="en")
    assert "Lawson" not in r["CA"]["evidence"]
    r = tag("x", "Selon Villepin, Lens a déclaré forfait.", lang="fr")
    assert "FR" not in codes(r) or "Lens" not in r["FR"]["evidence"]


@pytest.mark.parametrize("lang,text,absent,present", [
    ("en", "Secretary of State John Kerry met Jordan Henderson after the match. Kerry said it went well.",
     {"IE", "JO"}, set()),
    ("en", "Paris Hilton arrived at the party with George Washington's biography.", {"FR", "US"}, set()),
    ("en", "Mr Jordan said the King of Jordan would visit Amman.", set(), {"JO"}),
    ("fr", "François Hollande a reçu M. Jordan à l'Elysée.", {"NL", "JO"}, {"FR"}),
    ("fr", "Le secrétaire d'Etat John Kerry est arrivé jeudi. Kerry a rencontré Vladimir Poutine.",
     {"IE"}, set()),
    ("de", "Herr Jordan und Frau Paris trafen sich in Hamburg.", {"JO", "FR"}, {"DE"}),
    ("es", "El Sr. Jordan y la actriz Paris Hilton llegaron a Madrid.", {"JO", "FR"}, {"ES"}),
])
def test_person_names_are_not_places(lang, text, absent, present):
    r = tag("x", text, lang=lang)
    found = codes(r)
    assert not (absent & found), (found, r)
    assert present <= found, (found, r)


# ---- metonyms ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,text,expected", [
    ("en", "The Kremlin rejected the proposal, while the White House said talks would go on.", {"RU", "US"}),
    ("en", "Downing Street said the Pentagon had been informed.", {"GB", "US"}),
    ("fr", "L'Elysée et le Quai d'Orsay ont démenti. La Maison blanche n'a pas commenté.", {"FR", "US"}),
    ("fr", "Le Kremlin a répondu à Pékin.", {"RU", "CN"}),
    ("de", "Der Kreml und das Weiße Haus verhandeln; der Bundestag stimmte zu.", {"RU", "US", "DE"}),
    ("es", "La Casa Blanca y La Moncloa hablaron; el Kremlin calló.", {"US", "ES", "RU"}),
])
def test_metonyms(lang, text, expected):
    r = tag("x", text, lang=lang)
    assert expected <= codes(r), r


@pytest.mark.parametrize("lang,text,code,absent", [
    ("en", "Delta opened a new hub in Atlanta, Georgia, on Monday.", "US", "GE"),
    ("en", "Protesters gathered in Tbilisi as Georgia's parliament voted.", "GE", "US"),
    ("fr", "Des manifestants se sont rassemblés à Tbilissi, capitale de la Géorgie.", "GE", "US"),
    ("en", "The ferry from Split to the islands was full, Croatia's tourism board said.", "HR", None),
])
def test_state_or_country_and_towns_named_like_words(lang, text, code, absent):
    r = tag("x", text, lang=lang)
    assert code in codes(r), r
    if absent:
        assert absent not in codes(r), r


def test_brussels_alone_is_weak():
    r = tag("EU ministers meet", "Ministers met in Brussels to discuss the budget.", lang="en")
    assert r.get("BE", {}).get("role") != "subject"


# ---- population -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,city,code", [
    ("en", "Birmingham", "GB"),
    ("en", "London", "GB"),
    ("fr", "Londres", "GB"),
    ("de", "Frankfurt", "DE"),
    ("es", "Córdoba", "AR"),
    ("en", "Hamilton", "CA"),  # not Bermuda's capital of 900 people
])
def test_population_decides_a_dateline(lang, city, code):
    r = tag("x", "Text.", lang=lang, city=city)
    assert r["_dateline"]["code"] == code


# ---- context ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,text,code,absent", [
    ("en", "The company, based in Birmingham, said Alabama regulators approved the plan.", "US", "GB"),
    ("en", "Prices fell in London, Ontario, and elsewhere in Canada.", "CA", "GB"),
    ("fr", "L'usine de Londres, dans l'Ontario, ferme ses portes, a annoncé le gouvernement de l'Ontario.", "CA", None),
    ("de", "In Cambridge im Bundesstaat Massachusetts forschen die Wissenschaftler.", "US", "GB"),
    ("es", "En Valencia, la tercera ciudad de Venezuela, hubo protestas contra Caracas.", "VE", None),
])
def test_context_disambiguates(lang, text, code, absent):
    r = tag("x", text, lang=lang)
    assert code in codes(r), r
    if absent:
        assert absent not in codes(r), r


# ---- home-market prior --------------------------------------------------------------------------
@pytest.mark.parametrize("source,lang,city,code", [
    ("ap", "en", "Cambridge", "US"),
    ("pa", "en", "Cambridge", "GB"),
    ("efe", "es", "Valencia", "ES"),
    ("reuters-fr", "fr", "Valence", "FR"),
])
def test_home_market_prior_breaks_ties(source, lang, city, code):
    r = tag("x", "Texte.", lang=lang, city=city, source=source)
    assert r["_dateline"]["code"] == code


def test_unplaced_story_keeps_home_market_only_as_a_hint():
    # no evidence in the text: the source's home market is a labelled hint, never a subject
    r = tag("ACME SETS QUARTERLY DIVIDEND", "Qtly div 22 cts vs 22 cts prior.", lang="en", source="reuters")
    assert r["US"]["role"] == "hint" and r["US"]["prior"] is True and r["US"]["score"] <= 0.1
    assert r["US"]["evidence"] == []
    r = tag("x", "Rien.", lang="fr", city="Moscou")
    assert not any(v.get("prior") for k, v in r.items() if not k.startswith("_"))


# ---- salience: roles ------------------------------------------------------------------------------
def test_roles_subject_dateline_mentioned():
    r = tag("Japan raises rates", "TOKYO - Japan's central bank raised rates, surprising markets.",
            "Analysts in London and Frankfurt had expected no change.", lang="en", city="Washington")
    assert r["JP"]["role"] == "subject"
    assert r["US"]["role"] == "dateline"
    assert r["GB"]["role"] == "mentioned" and r["DE"]["role"] == "mentioned"
    assert r["JP"]["score"] > r["US"]["score"] > r["GB"]["score"]


@pytest.mark.parametrize("lang,headline,text,code", [
    ("en", "AMERICAN BRANDS <AMB> SETS DIVIDEND", "American Brands Inc said its board raised the dividend.", "US"),
    ("en", "THE JAPAN FUND GETS OFFER", "The Japan Fund Inc said it received an unsolicited offer.", "JP"),
    ("de", "Quartalszahlen", "Die Deutsche Bank AG hat ihren Gewinn gesteigert.", "DE"),
    ("fr", "Résultats", "Le groupe Air France SA a publié ses résultats trimestriels.", "FR"),
    ("es", "Resultados", "El Banco de Chile SA ganó más en el trimestre.", "CL"),
])
def test_place_words_in_firm_names_are_mentions_only(lang, headline, text, code):
    r = tag(headline, text, lang=lang, city="Zurich")  # a dateline: no home-market fallback
    assert r[code]["role"] == "mentioned", r[code]


def test_amounts_in_a_foreign_currency_are_not_about_that_country():
    r = tag("Toyota profit rises", "Toyota of Japan said profit rose to 150 mln U.S. dlrs in Japan.",
            lang="en", city="Tokyo")
    assert r["US"]["role"] == "mentioned" and r["JP"]["role"] == "subject"
    r = tag("Canadian dollar rises", "The Canadian dollar rose, dealers in Toronto said.", lang="en", city="Toronto")
    assert r["CA"]["role"] == "subject"


def test_language_names_are_not_countries():
    r = tag("x", "He plans an English-language tabloid and a French-speaking radio in Montreal.", lang="en")
    assert "GB" not in codes(r) and "FR" not in codes(r)


def test_vetoes_latin_america_and_newspapers():
    r = tag("x", "Latin American debtors met in the Indian Ocean resort, the Washington Post said.", lang="en")
    assert not ({"US", "IN"} & codes(r)), r
