"""Which title-like line of a web page is the headline: not a menu laid out with wide gaps, not a byline with
its date.

Short invented pages in each agency's house style; the rules are generic features, never a site or a story.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from streams.model import Envelope
from streams.parsing import parse
from streams.parsing.page import classify

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
