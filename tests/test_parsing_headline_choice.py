"""Which title-like line of a web page is the headline: not the site's name, a menu, a section label or a
tagline above the page's navigation; a name before the colon that the lead repeats is part of the headline.

Short invented pages in each agency's house style; the rules are generic features (menu items laid out with
wide gaps, the site named by the envelope's source, position relative to the navigation, the lead repeating a
name), never a site or a story.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.model import DispatchError, Envelope
from streams.parsing import parse
from streams.parsing.page import analyse_head, classify, site_key

RECEIVED = datetime(2025, 6, 12, 15, 0, tzinfo=timezone.utc)


def P(text, source=None):
    return parse(Envelope(id="t", text=text, received_at=RECEIVED, source=source))


# --------------------------------------------------------------------------- menus laid out with wide gaps

@pytest.mark.parametrize("line", [
    "Football   Cricket   Rugby   Tennis   Golf   Boxing   More",
    "NEWS  SPORT  BUSINESS  TRAVEL  MORE",
    "À la une   Gironde   Landes   Sports   Loisirs   Petites annonces   Se connecter",
    "Startseite   Region   Sport   Kultur   Wetter   Service",
    "Portada   Comunidad   Deportes   Cultura   Hemeroteca   Suscríbete",
    "Home   Cronaca   Politica   Sport   Spettacoli   Meteo",
    "Início   Região   Desporto   Cultura   Opinião   Assinar",
    "Markets   Stocks   Currencies   Commodities   Economy",
])
def test_a_menu_with_wide_gaps_is_furniture(line):
    assert classify(line)[0] == "furniture"


@pytest.mark.parametrize("line", [
    "Net   Revs   Shr   Avg shrs",  # four column heads of a table
    "Qtr 1   Qtr 2   Qtr 3   Qtr 4   Year",  # figures in every item: a table row
    "Storm  hits the coast as thousands flee their homes",  # a headline with a stray double space
    "Le gouvernement   annonce un plan   pour les agriculteurs   en difficulté   cette année",
])
def test_lines_with_wide_gaps_that_are_no_menu(line):
    assert classify(line)[0] != "furniture"


# --------------------------------------------------------------------------- the page's banner is no headline

def test_menu_between_the_site_banner_and_the_headline_en_pa():
    p = P("THE MATCHDAY POST\n"
          "Football   Cricket   Rugby   Tennis   Golf   Boxing   More\n"
          "Football > Scotland\n\n"
          "Late Barclay goal sends Scotland Under-21s past Wales\n\n"
          "By Kerry Lennox, PA\nSaturday 14 June 2025 19:40 BST\n\n"
          "Ross Barclay struck in stoppage time to give Scotland's Under-21s a 2-1 win over Wales at Tynecastle on "
          "Saturday.\n\nThe hosts had trailed at half-time before a fine comeback.\n\nShare   Comments (4)")
    assert p.headline == "Late Barclay goal sends Scotland Under-21s past Wales"
    assert p.paragraphs[0].startswith("Ross Barclay struck in stoppage time")


def test_section_label_in_capitals_above_the_menu_en_bloomberg():
    # No source: the banner in capitals stands above the navigation, the headline below it.
    p = P("GULF FINANCE WEEKLY\n"
          "Markets   Stocks   Currencies   Commodities   Economy   Opinion\n"
          "Markets > Middle East\n\n"
          "Saudi Bonds Slide Most Since March as Oil Revenue Outlook Dims\n\n"
          "June 12, 2025 at 3:10 PM GMT+3\n\n"
          "(Bloomberg) -- Saudi Arabia's dollar bonds fell the most in three months as traders bet on a wider "
          "budget gap after crude prices slid.\n\nThe kingdom's 2050 notes dropped 1.4 cents on the dollar.")
    assert p.headline == "Saudi Bonds Slide Most Since March as Oil Revenue Outlook Dims"
    assert p.paragraphs[0].startswith("Saudi Arabia's dollar bonds fell")


def test_site_name_with_tagline_menu_breadcrumb_and_kicker_fr_afp():
    p = P("Garonne Infos 24 | L'actualité du Sud-Ouest en continu\n"
          "Accueil   Politique   Société   Économie   Sport   Culture   Contact\n"
          "Accueil > Occitanie > Tarn\n\n"
          "TARN\n"
          "Albi : un incendie ravage un entrepôt de la zone industrielle\n\n"
          "Publié le 12 juin 2025 à 11h20\nPar la rédaction avec AFP\n\n"
          "ALBI, 12 juin 2025 (AFP) - Un violent incendie a détruit jeudi matin un entrepôt de la zone industrielle "
          "d'Albi, sans faire de victime, ont indiqué les pompiers.\n\n"
          "Une soixantaine de sapeurs-pompiers ont été mobilisés.\n\nPartager : Facebook | X | WhatsApp")
    assert p.headline == "Albi : un incendie ravage un entrepôt de la zone industrielle"
    assert p.dateline.city == "Albi"
    assert p.paragraphs[0].startswith("Un violent incendie a détruit jeudi matin")


@pytest.mark.parametrize("text,headline", [
    ("NACHRICHTEN AUS DEM ALLGÄU\n"
     "Startseite   Region   Sport   Kultur   Wetter   Service\n\n"
     "Neuer Radweg am Forggensee wird eröffnet\n\n"
     "Füssen (dpa/lby) - Nach zwei Jahren Bauzeit wird am Samstag der neue Radweg rund um den Forggensee eröffnet. "
     "Die Strecke ist 32 Kilometer lang.\n\nDie Kosten lagen bei 4,1 Millionen Euro.",
     "Neuer Radweg am Forggensee wird eröffnet"),
    ("ACTUALIDAD DEL NORTE HOY\n"
     "Portada   Comunidad   Deportes   Cultura   Hemeroteca   Suscríbete\n\n"
     "Cantabria abre el plazo de las ayudas para rehabilitar viviendas rurales\n\n"
     "SANTANDER, 12 Jun. (EFE).- El Gobierno de Cantabria ha abierto este jueves el plazo para solicitar las ayudas "
     "destinadas a rehabilitar viviendas en núcleos rurales.\n\nLas ayudas suman 6 millones de euros.",
     "Cantabria abre el plazo de las ayudas para rehabilitar viviendas rurales"),
    ("CRONACHE DI LIGURIA OGGI\n"
     "Home   Cronaca   Politica   Sport   Spettacoli   Meteo\n\n"
     "Mareggiata a Camogli, danni agli stabilimenti balneari\n\n"
     "(ANSA) - GENOVA, 12 GIU - Una violenta mareggiata ha colpito nella notte la costa di Camogli, danneggiando "
     "diversi stabilimenti balneari.\n\nNon si registrano feriti.",
     "Mareggiata a Camogli, danni agli stabilimenti balneari"),
    ("NOTÍCIAS DO MINHO DIÁRIO\n"
     "Início   Região   Desporto   Cultura   Opinião   Assinar\n\n"
     "Câmara de Braga aprova novo plano de mobilidade urbana\n\n"
     "Braga, 12 jun 2025 (Lusa) - A Câmara Municipal de Braga aprovou hoje o novo plano de mobilidade urbana, "
     "que prevê mais ciclovias e autocarros elétricos.\n\nO plano custa 40 milhões de euros.",
     "Câmara de Braga aprova novo plano de mobilidade urbana"),
])
def test_banner_above_the_navigation_de_es_it_pt(text, headline):
    assert P(text).headline == headline


# --------------------------------------------------------------------------- the site named by the envelope's source

def test_the_site_name_given_by_the_source_is_no_headline_en():
    text = ("NORDIC MARKETS DAILY\n"
            "Shipping Group Cuts Outlook as Freight Rates Tumble\n"
            "June 12, 2025\n\n"
            "(Bloomberg) -- A Danish shipping group cut its profit forecast for the year as container freight rates fell "
            "for a fifth straight month.\n\nThe shares dropped 6% in Copenhagen.")
    assert P(text, source="Bloomberg via nordic-markets-daily.com").headline == \
        "Shipping Group Cuts Outlook as Freight Rates Tumble"


def test_the_site_name_before_a_wire_dateline_fr():
    text = ("INFOS GARD 30 — l'actu du Gard\n"
            "NÎMES, 12 juin 2025 (AFP) - Le tribunal correctionnel de Nîmes a condamné jeudi un ancien comptable à "
            "trois ans de prison pour avoir détourné les fonds d'une association.\n\n"
            "Le prévenu devra aussi rembourser 210.000 euros.")
    p = P(text, source="AFP via infosgard30.fr")
    assert p.headline == ""
    assert p.dateline.city == "Nîmes"
    assert p.paragraphs[0].startswith("Le tribunal correctionnel de Nîmes a condamné")


@pytest.mark.parametrize("source,key", [
    ("AFP via sahel-infos24.net", "sahelinfos24"),
    ("PA via the-matchday-post.co.uk", "thematchdaypost"),
    ("Lusa via www.noticias-do-minho.com.pt", "noticiasdominho"),
    ("https://www.example-news.de/politik/artikel-1", "examplenews"),
    ("Europa Press", ""),
    ("AFP", ""),
    (None, ""),
])
def test_site_key(source, key):
    assert site_key(source) == key


# --------------------------------------------------------------------------- a byline with its date

@pytest.mark.parametrize("text,headline", [
    ("Bonus edilizi, il governo proroga le detrazioni per un altro anno\n"
     "di Redazione | 12 Giugno 2025\n"
     "Roma, 12 giu. (Adnkronos) - Il Consiglio dei ministri ha approvato la proroga delle detrazioni per le "
     "ristrutturazioni edilizie fino alla fine del prossimo anno.\n\nLa misura costa 2 miliardi.",
     "Bonus edilizi, il governo proroga le detrazioni per un altro anno"),
    ("Governo aprova reforço das verbas para os bombeiros voluntários\n"
     "por Redação | 12/06/2025\n"
     "Lisboa, 12 jun 2025 (Lusa) - O Conselho de Ministros aprovou hoje um reforço de 15 milhões de euros para as "
     "associações de bombeiros voluntários.\n\nO reforço chega antes da época de incêndios.",
     "Governo aprova reforço das verbas para os bombeiros voluntários"),
])
def test_a_byline_with_its_date_under_the_headline_it_pt(text, headline):
    assert classify(text.split("\n")[1])[0] == "byline"
    assert P(text).headline == headline


# --------------------------------------------------------------------------- a name before the colon

@pytest.mark.parametrize("text,headline", [
    ("Nordwerk Energie AG: Gewinn bricht wegen Gaspreisen ein - Aktie fällt\n\n"
     "ESSEN (dpa-AFX) - Hohe Beschaffungskosten haben dem Essener Versorger Nordwerk Energie AG im zweiten Quartal "
     "einen Gewinneinbruch beschert. Der Überschuss sank um 40 Prozent.\n\nDie Aktie fiel um 8 Prozent.",
     "Nordwerk Energie AG: Gewinn bricht wegen Gaspreisen ein - Aktie fällt"),
    ("Alpen Stahl Holding: Umsatz sinkt im Halbjahr deutlich\n\n"
     "Linz (APA) - Der oberösterreichische Stahlkonzern Alpen Stahl Holding hat im ersten Halbjahr deutlich weniger "
     "umgesetzt. Der Umsatz ging um 12 Prozent zurück.\n\nDie Prognose wurde gesenkt.",
     "Alpen Stahl Holding: Umsatz sinkt im Halbjahr deutlich"),
])
def test_a_company_the_lead_names_stays_in_the_headline_de(text, headline):
    assert P(text).headline == headline


def test_keyword_tags_before_the_colon_still_go_de():
    p = P("Kirchen Papst Vatikan: Papst ruft zum Frieden im Nahen Osten auf\n\n"
          "Rom (KNA) - Papst Leo hat beim Angelusgebet zum Frieden im Nahen Osten aufgerufen. Er sprach vor "
          "tausenden Pilgern auf dem Petersplatz.\n\nDer Papst nannte keine Namen.")
    assert p.headline == "Papst ruft zum Frieden im Nahen Osten auf"


# --------------------------------------------------------------------------- properties

# Menu items (each once, as a menu has them; one item of function words only, "More").
_ITEMS = st.sampled_from(["Sport", "Politik", "Cultura", "Économie", "Meteo", "Opinião", "More", "Golf", "Tennis",
                          "Região", "Annonces légales", "Se connecter", "F1", "Hemeroteca", "Deportes"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ITEMS, min_size=5, max_size=9, unique=True), st.sampled_from(["  ", "   ", "    ", "\t"]),
       st.sampled_from(["SITE NEWS TODAY", "Site Infos 24 | L'info en continu", "THE DAILY LEDGER"]))
def test_the_headline_below_any_menu_is_chosen(items, gap, banner):
    headline = "Flood waters force thousands from their homes in the delta"
    lines = [banner, gap.join(items), "", headline, "",
             "DHAKA, June 12 (Reuters) - Flood waters forced thousands of people from their homes in the delta on "
             "Thursday, officials said."]
    head = analyse_head(lines, RECEIVED)
    assert head is not None and head.headline == headline


_PAGE_BITS = st.sampled_from(["SITE NEWS TODAY\n", "Sport   Politik   Cultura   Meteo   More\n", "Home > News\n",
                              "France: La hausse des prix ralentit\n", "Nordwerk Energie AG: Gewinn sinkt\n",
                              "di Redazione | 12 Marzo 2025\n", "PARIS, 12 juin (AFP) - Le gouvernement a annoncé ",
                              "Nordwerk Energie AG ", "un plan.\n\n", "\n", "  ", ":", "|", "—"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PAGE_BITS, st.text(max_size=12)), max_size=30).map("".join),
       st.one_of(st.none(), st.sampled_from(["AFP via site-news-today.com", "Reuters", "x via .", "via www..fr"]),
                 st.text(max_size=40)))
def test_parse_with_any_source_raises_only_dispatch_error(text, source):
    try:
        p = P(text, source=source)
    except DispatchError:
        return
    assert isinstance(p.headline, str) and (p.paragraphs or p.headline)  # (a headline-only alert has no paragraph)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=60)))
def test_site_key_is_letters_and_figures_only(source):
    k = site_key(source)
    assert isinstance(k, str) and (k == "" or (len(k) >= 4 and k.isalnum()))


# --------------------------------------------------------------------------- a country slug before the colon

@pytest.mark.parametrize("text,headline", [
    ("France: Le chômage recule légèrement au deuxième trimestre\n\n"
     "PARIS, 12 juin (Reuters) - Le taux de chômage a reculé de 0,1 point au deuxième trimestre, a annoncé jeudi "
     "l'Insee.\n\nIl s'établit à 7,2% de la population active.",
     "Le chômage recule légèrement au deuxième trimestre"),
    ("Brasil: O Banco Central mantém a taxa de juros pela terceira vez\n\n"
     "BRASÍLIA, 12 Jun (Reuters) - O Banco Central manteve nesta quinta-feira a taxa básica de juros, como "
     "esperavam os analistas.\n\nA decisão foi unânime.",
     "O Banco Central mantém a taxa de juros pela terceira vez"),
])
def test_a_country_slug_opening_a_new_sentence_goes_fr_pt(text, headline):
    assert P(text).headline == headline


@pytest.mark.parametrize("text,headline", [
    # AFP: the headline goes on after the place, in lower case
    ("Mali : les autorités annoncent un couvre-feu à Gao\n\n"
     "BAMAKO, 12 juin 2025 (AFP) - Les autorités maliennes ont annoncé jeudi un couvre-feu nocturne dans la ville "
     "de Gao, après des tirs dans la nuit.\n\nLe couvre-feu court jusqu'à lundi.",
     "Mali : les autorités annoncent un couvre-feu à Gao"),
    # a speaker, not a country, before the colon
    ("Scholz: Die Lage am Arbeitsmarkt bleibt angespannt\n\n"
     "Berlin (dpa) - Bundeskanzler Olaf Scholz sieht den Arbeitsmarkt weiter unter Druck. Die Zahl der Arbeitslosen "
     "sei zu hoch, sagte er am Donnerstag.\n\nDie Opposition widersprach.",
     "Scholz: Die Lage am Arbeitsmarkt bleibt angespannt"),
])
def test_a_place_or_speaker_that_the_headline_goes_on_from_stays_fr_de(text, headline):
    assert P(text).headline == headline


# --------------------------------------------------------------------------- a short label in capitals unlike the lead

@pytest.mark.parametrize("text,headline", [
    ("BALTIC BUSINESS WIRE\nLatvian Lender Posts Record Profit on Higher Rates\nJune 12, 2025\n\n"
     "(Bloomberg) -- A Latvian lender posted a record quarterly profit as higher interest rates lifted lending "
     "margins, it said on Thursday.\n\nThe shares rose 3%.",
     "Latvian Lender Posts Record Profit on Higher Rates"),
    ("ACTUALITÉ VAR MATIN\nToulon : un navire de croisière heurte un quai en manœuvrant\n\n"
     "TOULON, 12 juin 2025 (AFP) - Un navire de croisière a heurté jeudi un quai du port de Toulon en manœuvrant, "
     "sans faire de blessé, a indiqué la préfecture maritime.\n\nLes dégâts sont légers.",
     "Toulon : un navire de croisière heurte un quai en manœuvrant"),
    ("NOTICIAS DE ARAGÓN\nEl Ebro alcanza su nivel más alto del año a su paso por Zaragoza\n\n"
     "ZARAGOZA, 12 Jun. (EUROPA PRESS) - El río Ebro ha alcanzado este jueves su nivel más alto del año a su paso "
     "por Zaragoza, sin causar daños.\n\nLa crecida remitirá el fin de semana.",
     "El Ebro alcanza su nivel más alto del año a su paso por Zaragoza"),
])
def test_a_short_label_in_capitals_unlike_the_lead_en_fr_es(text, headline):
    assert P(text).headline == headline


def test_a_headline_in_capitals_that_the_lead_echoes_stays_en():
    p = P("OIL PRICES FALL SHARPLY\nTraders cite weak demand\n\n"
          "NEW YORK, June 12 (Reuters) - Oil prices fell sharply on Thursday as traders worried about weak demand "
          "in China.\n\nBrent fell 3%.")
    assert p.headline == "OIL PRICES FALL SHARPLY"
