"""The end of a web page after the story: share boxes, cookie prompts and "more from <section>" blocks are cut,
so that the same dispatch on two sites has the same body (and threads as a duplicate). Invented copy."""
from __future__ import annotations

from datetime import datetime, timezone

import orjson
import pytest

from streams.model import Envelope
from streams.parsing import parse
from streams.parsing.page import cut_page_tail
from streams.pipeline import Pipeline

T = datetime(2025, 1, 6, 15, 0, tzinfo=timezone.utc)

DPA_BODY = """Garmisch-Partenkirchen (dpa) Die Rodlerin Mara Feldhofer hat beim Weltcup in Garmisch überraschend gewonnen. Sie lag nach zwei Läufen 0,12 Sekunden vor der Lettin Ilze Berzina.

"Ich habe mit allem gerechnet, nur nicht damit", sagte die 22-Jährige nach dem Rennen.

Der nächste Weltcup findet am Wochenende in Oberhof statt."""

DPA_TAIL = """

Artikel teilen:  Facebook  WhatsApp  E-Mail  Link kopieren
Mehr aus Wintersport
Biathlon: Staffel der Männer wird Vierter in Antholz
Eishockey: Adler Mannheim gewinnen Derby gegen Heilbronn
Wir verwenden Cookies, um Inhalte zu personalisieren. Einstellungen | Alle akzeptieren"""

TAILS = {
    "de": ("Mehr aus Politik", "Streit um Haushalt: Koalition vertagt Entscheidung"),
    "fr": ("Plus d'actualités", "Tempête : des milliers de foyers privés d'électricité"),
    "es": ("Más noticias de Deportes", "Liga: el Betis remonta ante el Girona"),
    "it": ("Altre notizie di Cronaca", "Incendio in un capannone alle porte di Brescia"),
    "pt": ("Mais notícias de Economia", "Inflação abranda em novembro para 2,1%"),
}


def _paras(text: str) -> list[str]:
    return parse(Envelope(id="x", text=text, received_at=T)).paragraphs


def test_a_share_box_and_a_more_from_block_after_the_story_are_cut():
    paras = _paras("ALPEN-KURIER\nNachrichten  Region  Sport  Kultur  Abo\n\n" + DPA_BODY + DPA_TAIL)
    assert paras == _paras(DPA_BODY)
    assert not any("Antholz" in p or "Cookies" in p or "teilen" in p for p in paras)


@pytest.mark.parametrize("lang", sorted(TAILS))
def test_more_from_headings_end_the_story_in_each_language(lang):
    heading, teaser = TAILS[lang]
    lines = ["Le texte de l'article se termine ici.", "", heading, teaser, "Un autre titre de la rubrique"]
    assert cut_page_tail(lines) == lines[:2]


def test_a_long_line_starting_like_a_heading_is_body_text():
    # a hard-wrapped body line that happens to start with "Mehr aus": more than three words, it is no heading
    lines = ["Die Gewerkschaft rief zum Warnstreik auf.", "",
             "Mehr aus Sorge um ihre Arbeitsplätze als aus", "Überzeugung folgten die Beschäftigten dem Aufruf."]
    assert cut_page_tail(lines) == lines


def test_hard_wrapped_lines_about_subscriptions_and_shares_stay():
    # wire copy hard-wrapped at ~65 characters: lines full of "subscribe", "share", "newsletter" are body text
    text = ("BANCO NORTE PLANS RIGHTS ISSUE\n\n"
            "    LISBON, March 3 - Banco Norte SA said it plans a rights issue\n"
            "to raise 40 billion escudos.\n"
            "    Shareholders will have a preferential right to subscribe to the\n"
            "issue, one new share for every four held, and the bank will send\n"
            "Subscribers of its shareholder newsletter and email the details,\n"
            "the bank said.\n")
    paras = _paras(text)
    assert any("Subscribers of its shareholder newsletter and email the details" in p for p in paras)
    assert any("preferential right to subscribe" in p for p in paras)


def test_a_long_sentence_with_furniture_words_stays():
    # a body sentence about cookies and newsletters ends with a full stop: not a prompt
    lines = ["Die Datenschutzbehörde hat ein Verfahren eröffnet.", "",
             "Die Website setzte Cookies und verschickte Newsletter ohne Einwilligung der Nutzer, teilte die Behörde mit."]
    assert cut_page_tail(lines) == lines


def test_the_same_dispatch_on_a_page_with_a_tail_is_a_duplicate():
    p = Pipeline()
    first = {"id": "site-a", "text": DPA_BODY, "received_at": "2025-01-06T15:00:00Z", "source": "dpa via a"}
    page = "ALPEN-KURIER\nNachrichten  Region  Sport  Kultur  Abo\n\nFeldhofer gewinnt in Garmisch\n\n06.01.2025 | 17:02 Uhr\n\n"
    second = {"id": "site-b", "text": page + DPA_BODY + DPA_TAIL,
              "received_at": "2025-01-06T16:10:00Z", "source": "dpa via b"}
    one = p.process(orjson.dumps(first), "0")
    two = p.process(orjson.dumps(second), "1")
    assert one[0]["kind"] == "new"
    assert two[0]["kind"] == "duplicate" and two[0]["story_id"] == one[0]["story_id"]


@pytest.mark.parametrize("box", [
    "Partager l'article :  Facebook  X  WhatsApp  LinkedIn  E-mail",
    "Share this article:  Facebook  X  LinkedIn  WhatsApp  Email",
    "Compartir en:  Facebook  X  WhatsApp  Telegram  Correo",
])
def test_share_box_and_cookie_prompt_lines_are_not_glued_into_a_paragraph(box):
    # no "more from" heading to cut at: each furniture line goes on its own, instead of being unwrapped into one
    # long paragraph the line-by-line furniture check no longer sees
    cookie = "We use cookies to personalise content and ads. Manage preferences | Accept all cookies"
    text = "ALPEN-KURIER\nNachrichten  Region  Sport  Kultur  Abo\n\n" + DPA_BODY + "\n\n" + box + "\n" + cookie
    assert _paras(text) == _paras(DPA_BODY)
