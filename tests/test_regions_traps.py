"""Country traps of real wire copy (issue 9), each in its language, with short invented texts.

Subjects need evidence in the text; comparisons, victims' and opponents' nationalities are
mentions; look-alike words are no country; the EU is tagged as the EU, never as Belgium; the
home market is a hint only; the dateline qualifier gives the dateline country.
"""
from __future__ import annotations

import pytest

from streams.model import Dateline, ParsedDispatch
from streams.regions import tag_regions


def tag(headline: str, *paragraphs: str, lang: str, city: str | None = None, qualifier: str | None = None,
        source: str | None = None) -> tuple[dict[str, dict], str | None]:
    p = ParsedDispatch(headline=headline, paragraphs=list(paragraphs), language=lang,
                       dateline=Dateline(city=city, qualifier=qualifier))
    regions = tag_regions(p, source=source)
    return {r["code"]: r for r in regions}, p.dateline.country


def subjects(result: dict[str, dict]) -> set[str]:
    return {c for c, r in result.items() if r["role"] == "subject"}


# ---- no subject without evidence ---------------------------------------------------------------
@pytest.mark.parametrize("source,lang,code", [("belga", "fr", "BE"), ("dpa", "de", "DE"), ("efe", "es", "ES")])
def test_home_market_alone_is_a_hint_never_a_subject(source, lang, code):
    head, body = {"fr": ("Le procès reprend lundi", "Les avocats ont plaidé pendant trois heures."),
                  "de": ("Der Prozess geht weiter", "Die Anwälte plädierten drei Stunden lang."),
                  "es": ("El juicio continúa", "Los abogados alegaron durante tres horas.")}[lang]
    r, _ = tag(head, body, lang=lang, source=source)
    assert not subjects(r)
    assert r[code]["role"] == "hint" and r[code]["prior"] is True and r[code]["evidence"] == []


def test_evidence_of_a_story_placed_elsewhere_beats_the_home_market():
    r, _ = tag("Procès en appel de l'accusé", "Le procès s'est ouvert lundi à Paris devant la cour d'assises.",
               lang="fr", source="belga")
    assert subjects(r) == {"FR"} and "BE" not in r


def test_every_region_keeps_its_evidence():
    r, _ = tag("Ebola: la RDC lance la vaccination", "Les autorités de Kinshasa ont lancé la campagne à Mbandaka.",
               lang="fr")
    assert all(reg["evidence"] for reg in r.values() if reg["role"] != "hint")


@pytest.mark.parametrize("lang,text,code", [
    ("en", "Parlex Corp <PARC.O> said on Monday it won a defence contract.", "US"),
    ("en", "Shares of Maple Mining (MAPL.TO) rose 4 percent on the news.", "CA"),
    ("en", "Brightwater Plc <BRW.L> cut its dividend.", "GB"),
    ("es", "El PP recurrirá la sentencia de la Audiencia Nacional, informó el partido.", "ES"),
    ("de", "Der Dax schloss am Freitag knapp im Plus, die Bundesregierung äußerte sich nicht.", "DE"),
    ("it", "La Consob ha avviato un'indagine, mentre Piazza Affari chiudeva in rialzo.", "IT"),
])
def test_tickers_and_institutions_are_evidence(lang, text, code):
    r, _ = tag({"en": "Company news", "es": "Recurso", "de": "Börse", "it": "Borsa"}[lang], text, lang=lang)
    assert code in subjects(r), r
    assert r[code]["evidence"]


# ---- comparisons and context -------------------------------------------------------------------
@pytest.mark.parametrize("lang,head,text,subject,context", [
    ("de", "Post-Beschäftigte drohen mit Streik", "Die Gewerkschaft droht bei der Post mit Streiks wie in "
     "Frankreich, teilte sie in Berlin mit.", "DE", "FR"),
    ("fr", "Les cheminots en grève", "La grève pourrait durer, comme en Italie l'an dernier, selon la CGT à Paris.",
     "FR", "IT"),
    ("es", "Huelga de médicos en Madrid", "Los médicos madrileños piden sueldos como en Alemania.", "ES", "DE"),
    ("pt", "Bolsa de São Paulo sobe", "O Ibovespa subiu em São Paulo, com juros mais altos do que nos EUA.",
     "BR", "US"),
])
def test_comparisons_are_not_subjects(lang, head, text, subject, context):
    r, _ = tag(head, text, lang=lang)
    assert subject in subjects(r), r
    assert context not in subjects(r), r


# ---- victims' and opponents' nationalities -----------------------------------------------------
def test_victims_nationality_is_not_a_subject_fr():
    r, _ = tag("Avalanche meurtrière en Valais",
               "Deux skieurs ont perdu la vie dans une avalanche près de Verbier (Valais), dont un Américain de "
               "quinze ans, a annoncé la police cantonale.", lang="fr")
    assert subjects(r) == {"CH"}, r
    assert r["US"]["role"] == "mentioned"


def test_victims_nationality_is_not_a_subject_de():
    r, _ = tag("Busunglück in Tirol", "Bei dem Unfall in Tirol wurden zwei Niederländer getötet.", lang="de")
    assert subjects(r) == {"AT"}, r


def test_sport_opponents_are_not_subjects_es():
    r, _ = tag("Nadal jugará la final", "El español Rafael Nadal jugará la final tras la retirada del germano "
               "Alexander Zverev, que se lesionó un tobillo.", lang="es", city="París", qualifier="Francia")
    assert "ES" in subjects(r) and "DE" not in subjects(r), r


def test_sport_winner_is_the_subject_and_runners_up_are_not_fr():
    r, _ = tag("Athlétisme: Bolt conserve son titre",
               "Le Jamaïcain Usain Bolt a dominé l'Américain Justin Gatlin et le Canadien Andre De Grasse "
               "dimanche à Pékin.", lang="fr")
    assert "JM" in subjects(r) and "CA" not in subjects(r), r


def test_german_language_names_are_not_demonyms():
    r, _ = tag("Zentralmatura beginnt", "Am Montag starten die Klausuren in Deutsch, Englisch und Griechisch.",
               lang="de", city="Wien")
    assert subjects(r) == {"AT"}, r
    assert "DE" not in r and "GR" not in r


# ---- look-alikes -------------------------------------------------------------------------------
def test_dr_congo_vs_republic_of_congo_fr():
    r, _ = tag("Ebola: vaccination des populations congolaises",
               "La République démocratique du Congo (RDC) a lancé la vaccination à Mbandaka.", lang="fr")
    assert subjects(r) == {"CD"}, r
    r, _ = tag("Congo: le président candidat", "Le président congolais a annoncé sa candidature à Brazzaville.",
               lang="fr")
    assert subjects(r) == {"CG"}, r


def test_georgia_the_country_vs_the_us_state_en():
    r, _ = tag("Georgia ruling party leads exit polls", "Voters in ex-Soviet Georgia cast ballots on Saturday.",
               lang="en", city="TBILISI")
    assert subjects(r) == {"GE"}, r
    r, _ = tag("Storms hit Georgia", "Tornadoes tore through Rome, Georgia, and Savannah overnight.",
               lang="en", city="ATLANTA")
    assert subjects(r) == {"US"}, r


def test_brussels_as_the_eu_is_not_belgium_fr():
    r, _ = tag("Bruxelles cède aux agriculteurs",
               "La Commission européenne a accordé une dérogation aux agriculteurs, qui manifestent en France.",
               lang="fr")
    assert "BE" not in r, r
    assert r["EU"]["kind"] == "supranational" and r["EU"]["evidence"]
    r, _ = tag("Grève des transports à Bruxelles", "Les métros de Bruxelles sont à l'arrêt, selon la STIB.",
               lang="fr")
    assert subjects(r) == {"BE"}, r


def test_eu_institutions_de():
    r, _ = tag("EU-Kommission verhängt Strafe", "Die EU-Kommission hat eine Strafe gegen einen Konzern verhängt.",
               lang="de")
    assert r["EU"]["role"] == "subject" and r["EU"]["kind"] == "supranational"
    assert "BE" not in r


def test_roman_numerals_are_no_place_fr():
    r, _ = tag("Un château du XIXe siècle restauré", "Le château, bâti au XIXe siècle, rouvre au public.",
               lang="fr")
    assert not subjects(r), r


def test_new_england_is_not_england_fr():
    r, _ = tag("Tempête de neige en Nouvelle-Angleterre", "La Nouvelle-Angleterre est paralysée par la neige.",
               lang="fr")
    assert subjects(r) == {"US"}, r
    assert "GB" not in r


def test_zaire_the_angolan_province_pt():
    r, _ = tag("Novo governador do Zaire", "O Presidente angolano nomeou um novo governador para a província do "
               "Zaire e para Cabinda.", lang="pt")
    assert subjects(r) == {"AO"}, r
    assert "CD" not in r


def test_turkeys_the_birds_en():
    r, _ = tag("President pardons two turkeys", "The president pardoned two turkeys at the White House on "
               "Tuesday before Thanksgiving.", lang="en", city="WASHINGTON")
    assert subjects(r) == {"US"} and "TR" not in r, r


def test_a_name_with_a_particle_is_not_the_town_pt():
    r, _ = tag("Campanha agrícola arranca", "O primeiro-ministro moçambicano, Agostinho do Rosário, lançou a "
               "campanha agrícola.", lang="pt")
    assert "AR" not in subjects(r), r


# ---- dateline country from the qualifier -------------------------------------------------------
@pytest.mark.parametrize("lang,city,qualifier,code", [
    ("fr", "BAIDOA", "Somalie", "SO"),
    ("en", "PRESCOTT VALLEY", "Ariz.", "US"),
    ("en", "KINSHASA", "Congo", "CD"),
    ("fr", "BRAZZAVILLE", "Congo", "CG"),
    ("fr", "DENVER", "Colorado", "US"),
    ("fr", "Gaza", "Territoires palestiniens", "PS"),
    ("es", "París", "Francia", "FR"),
    ("en", "ROME", "Ga.", "US"),
    ("es", "Toronto", "Canadá", "CA"),
    ("en", "SACO", "Maine", "US"),
    ("de", "Frankfurt/Main", None, "DE"),
    ("it", "CITTA' DEL VATICANO", None, "VA"),
])
def test_dateline_qualifier_gives_the_country(lang, city, qualifier, code):
    _, country = tag("Titre", "Texte.", lang=lang, city=city, qualifier=qualifier)
    assert country == code


def test_small_town_dateline_de():
    r, country = tag("Lkw-Unfall auf der A2", "Ein Lastwagen ist in der Nacht verunglückt.", lang="de",
                     city="Grabow", source="dpa")
    assert country == "DE" and subjects(r) == {"DE"}


def test_domestic_story_takes_its_dateline_country_but_not_a_bigger_story_elsewhere():
    r, _ = tag("Volkswagen senkt Prognose", "Der Autobauer hat seine Jahresprognose gesenkt.", lang="de",
               city="Wolfsburg")
    assert subjects(r) == {"DE"}
    r, _ = tag("Erdbeben in Peru", "Ein Erdbeben der Stärke 6 hat Peru erschüttert, Peru meldet Schäden.",
               lang="de", city="Paris")
    assert subjects(r) == {"PE"}, r


def test_zaire_alone_is_dr_congo_en():
    # 1987 copy: "Zaire" is the country (DR Congo) when nothing says Angola
    r, _ = tag("Zaire accepts tin export quota", "Zaire said it would accept the quota.", lang="en")
    assert subjects(r) == {"CD"}, r


def test_a_surname_pope_is_not_the_holy_see_en():
    r, _ = tag("Pope Evans repurchases shares", "Pope Evans and Robbins Inc said it bought back 100,000 shares.",
               lang="en", city="NEW YORK")
    assert "VA" not in r
    r, _ = tag("Pope Francis visits Mexico", "Pope Francis arrived in Mexico City on Friday.", lang="en")
    assert "VA" in subjects(r), r


def test_french_exonym_of_a_swiss_town_and_opponents_home_towns_fr():
    r, _ = tag("Federer brille à Bâle", "On a retrouvé Roger Federer à Bâle, face à l'Américain Tiafoe, "
               "un teenager d'Orlando, avant de battre Benoît Paire, finaliste cet automne à Metz.", lang="fr")
    assert subjects(r) == {"CH"}, r


def test_a_town_as_a_meeting_venue_is_not_the_subject_en():
    r, _ = tag("Oil mixed before producers meet", "Oil prices were mixed on Friday as the market waited for a "
               "meeting in Vienna later in the day. Producers are set to meet in Vienna on Friday.", lang="en")
    assert "AT" not in subjects(r), r


def test_countries_joined_in_the_lead_share_the_story_es():
    r, _ = tag("Fuerte sismo en la frontera", "Un terremoto sacudió la frontera entre Ecuador y Perú esta noche, "
               "según el Servicio Geológico de Estados Unidos. En Ecuador se sintió en Guayaquil.", lang="es",
               city="QUITO")
    assert subjects(r) == {"EC", "PE"}, r


def test_amount_in_a_national_currency_is_evidence_it():
    r, _ = tag("Tamponamento in autostrada, tre feriti", "Due persone sono rimaste ferite. I danni ammontano a "
               "150'000 franchi, precisa la polizia.", lang="it", source="keystone-ats")
    assert subjects(r) == {"CH"}, r
    assert "franchi" in r["CH"]["evidence"]


def test_congo_in_a_story_filed_from_brazzaville_fr():
    r, _ = tag("Pénurie d'essence", "Les files s'allongent à Brazzaville depuis l'arrêt de la raffinerie du Congo.",
               "Des chauffeurs vont faire le plein à Kinshasa, en RDC.", lang="fr", city="BRAZZAVILLE")
    assert subjects(r) == {"CG"}, r


def test_beaten_teams_nationality_and_home_town_are_not_subjects_es():
    r, _ = tag("Victoria en la Libertadores", "Boca Juniors venció el martes 2-1 al Santos brasileño en La Bombonera. "
               "El uruguayo Diego Ferreira marcó el segundo gol.", "El equipo de São Paulo jugó con diez.",
               lang="es", city="Buenos Aires")
    assert subjects(r) == {"AR"}, r


def test_likeness_in_the_same_sentence_is_a_comparison_it():
    r, _ = tag("Via libera al decreto sugli affitti", "Il Consiglio dei ministri ha approvato il decreto.",
               "Una norma simile esiste già in Spagna, dove Barcellona limita gli affitti.", lang="it", city="Roma")
    assert subjects(r) == {"IT"}, r


def test_us_state_in_french_is_not_the_country_georgia():
    r, _ = tag("Un alligator dans une piscine", "Un alligator a été capturé à Savannah, dans l'Etat américain de "
               "Géorgie.", lang="fr", city="SAVANNAH", qualifier="Etats-Unis")
    assert subjects(r) == {"US"} and "GE" not in r, r


def test_an_institution_name_shared_by_several_countries_is_not_evidence_pt():
    r, _ = tag("Ex-ministro condenado", "O Tribunal Supremo moçambicano condenou hoje um antigo ministro a "
               "seis anos de prisão por desviar 3 mil milhões de meticais.", lang="pt", city="Maputo")
    assert subjects(r) == {"MZ"} and "ES" not in r, r
    assert "meticais" in r["MZ"]["evidence"]


def test_venice_by_its_italian_name():
    _, country = tag("Leone d'oro", "Il festival si chiude.", lang="it", city="Venezia")
    assert country == "IT"


def test_a_place_leading_the_story_beats_countries_named_later_pt():
    r, _ = tag("Fadista homenageada", "A fadista foi hoje homenageada numa cerimónia em Lisboa.",
               "Cantou com músicos cabo-verdianos e fez digressões por Cabo Verde, Angola e Moçambique.",
               lang="pt", source="lusa")
    assert subjects(r) == {"PT"}, r


def test_a_persons_nationality_does_not_beat_the_place_in_the_headline_es():
    r, _ = tag("Detenido un traficante venezolano en Valencia",
               "La Guardia Civil ha detenido en Valencia a un traficante venezolano.", lang="es", city="Madrid")
    assert subjects(r) == {"ES"}, r


def test_the_beaten_country_is_an_opponent_fr():
    r, _ = tag("Football: le Maroc bat la Tunisie", "Le Maroc a battu la Tunisie 2-0 samedi à Rabat.",
               lang="fr", city="RABAT")
    assert "MA" in subjects(r) and "TN" not in subjects(r), r


def test_eu_summit_in_brussels_de():
    r, country = tag("EU-Gipfel in Brüssel", "Die Staats- und Regierungschefs der EU beraten in Brüssel über den "
                     "Haushalt.", lang="de", city="Brüssel")
    assert country == "BE"  # the dateline city is in Belgium ...
    assert r["EU"]["role"] == "subject" and r["BE"]["role"] == "dateline"  # ... the story is the EU's
