"""Unit tests of the dispatch parser (issue 3): every form, in en, fr, de, es, it, pt."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from streams.model import Credit, DispatchError, Envelope
from streams.parsing import MAX_BYTES, decode, parse
from streams.parsing.dateline import city_case, match_dateline
from streams.parsing.headline import parse_headline

FIX = Path(__file__).parent / "fixtures" / "parsing"
JULY_2016 = datetime(2016, 7, 14, 9, 30, tzinfo=timezone.utc)


def P(text, *, received_at=JULY_2016, language=None, **kw):
    return parse(Envelope(id=None, text=text, received_at=received_at, language=language), **kw)


def wire(headline: str, *paragraphs: str, tail: str = "") -> str:
    """A dispatch in Reuters wire layout: indented first lines, hard-wrapped at ~40 columns."""
    out = [headline, ""]
    for p in paragraphs:
        words, line = p.split(), "    "
        for w in words:
            if len(line) + len(w) > 44:
                out.append(line.rstrip())
                line = ""
            line += w + " "
        out.append(line.rstrip())
    return "\n".join(out) + "\n" + tail


# --------------------------------------------------------------------------- the reference sample

def test_reference_sample(sample_bytes):
    p = P(sample_bytes)
    assert p.headline == "Washington prêt à renforcer sa coopération avec Moscou en Syrie"
    assert p.attribution == "presse"
    assert (p.dateline.city, p.dateline.agency, p.dateline.date) == ("Paris", "Reuters", "2016-07-14")
    assert p.language == "fr"
    assert p.paragraphs[0].startswith("Les Etats-Unis proposent")
    assert len(p.see_also) == 1
    assert p.see_also[0].flags == ["ECLAIRAGE"]
    assert p.see_also[0].headline == "Le voyage de Kerry à Moscou provoque l'agacement à Washington"
    assert p.credits == [Credit("David Brunnstrom", "reporting"), Credit("Jean-Stéphane Brosse", "translation")]
    body = p.body
    for junk in ("membre", "Aucun commentaire", "connectez", "VOIR AUSSI", "ECLAIRAGE", "Brunnstrom", "PARIS", "(Reuters)"):
        assert junk not in body, junk
    assert p.paragraphs[-1].endswith("ajoute le texte.")
    assert "le\n" not in body and not p.paragraphs[0].startswith(("le ", "0"))
    assert len(p.paragraphs) == 10


def test_reference_sample_year_from_received_at(sample_bytes):
    assert P(sample_bytes, received_at=datetime(2017, 1, 3, tzinfo=timezone.utc)).dateline.date == "2016-07-14"
    # Without a received time and without a year written, no partial date is invented.
    assert P(sample_bytes, received_at=None).dateline.date is None


def test_envelope_language_wins(sample_bytes):
    assert P(sample_bytes, language="de").language == "de"


# --------------------------------------------------------------------------- decoding

def test_decode_utf8_latin1_cp1252():
    assert decode("Élysée".encode("utf-8")) == "Élysée"
    assert decode("Élysée".encode("latin-1")) == "Élysée"
    assert decode("“quoted” – 5 €".encode("cp1252")) == "“quoted” – 5 €"
    assert decode(b"\xef\xbb\xbfBOM text") == "BOM text"
    assert decode("Deutsch: Übersee".encode("utf-16")) == "Deutsch: Übersee"


def test_decode_repairs_double_encoded_utf8():
    assert decode("coopÃ©ration franÃ§aise") == "coopération française"


def test_decode_strips_wire_controls_and_entities():
    raw = b"\x01HEADLINE\r\n\x02 body &lt;ABC&gt; AT&amp;T &eacute;t&eacute;\r\n Reuter\r\n\x03&#3;"
    text = decode(raw)
    assert "\x01" not in text and "\x02" not in text and "\x03" not in text and "\r" not in text
    assert "<ABC> AT&T été" in text


def test_decode_rejects_binary():
    with pytest.raises(DispatchError) as e:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert e.value.code == "binary"
    with pytest.raises(DispatchError) as e:
        decode(bytes(range(256)) * 4)
    assert e.value.code == "binary"


@pytest.mark.parametrize("text,code", [
    (b"", "empty"), ("", "empty"), ("   \n\t \n", "empty"), (b"\x00\x01\x02\xff" * 10, "binary"),
    ("Headline\n\n Reuter\n", "no_body"),
    ("Headline\n\n((Contact: desk@example.com))\n", "no_body"),
])
def test_bad_input(text, code):
    with pytest.raises(DispatchError) as e:
        P(text)
    assert e.value.code == code
    assert e.value.message


def test_size_limit():
    big = "Headline\n\n" + ("    word " * 20 + "\n") * 10_000
    with pytest.raises(DispatchError) as e:
        P(big, max_bytes=10_000)
    assert e.value.code == "too_large"
    assert MAX_BYTES == 1 << 20
    with pytest.raises(DispatchError) as e:
        P(big.encode() * 10)
    assert e.value.code == "too_large"
    assert P(big[:5000], max_bytes=10_000).paragraphs


# --------------------------------------------------------------------------- headlines

@pytest.mark.parametrize("raw,headline,flags,attribution", [
    ("UPDATE 2-Kerry heads to Moscow", "Kerry heads to Moscow", ["UPDATE 2"], None),
    ("REFILE-UPDATE 1-Kerry heads to Moscow", "Kerry heads to Moscow", ["REFILE", "UPDATE 1"], None),
    ("(CORRECTED) - BANK RAISES RATES", "BANK RAISES RATES", ["CORRECTED"], None),
    ("CORRECTED - BANK RAISES RATES", "BANK RAISES RATES", ["CORRECTED"], None),
    ("CORRECTED-NETWORK VIDEO INC 3RD QTR", "NETWORK VIDEO INC 3RD QTR", ["CORRECTED"], None),
    ("BANK RAISES RATES (CORRECTED)", "BANK RAISES RATES", ["CORRECTED"], None),
    ("BANK RAISES RATES (RPT)", "BANK RAISES RATES", ["RPT"], None),
    ("RPT-Bank raises rates", "Bank raises rates", ["RPT"], None),
    ("REPEAT-Bank raises rates", "Bank raises rates", ["REPEAT"], None),
    ("CORRECTION-Bank raises rates", "Bank raises rates", ["CORRECTION"], None),
    ("ALERT-Bank raises rates", "Bank raises rates", ["ALERT"], None),
    ("URGENT-Bank raises rates", "Bank raises rates", ["URGENT"], None),
    ("FLASH-Bank raises rates", "Bank raises rates", ["FLASH"], None),
    ("EXCLUSIVE-Bank plans bond sale -sources", "Bank plans bond sale", ["EXCLUSIVE"], "sources"),
    ("ANALYSIS-Why banks raise rates", "Why banks raise rates", ["ANALYSIS"], None),
    ("FACTBOX-Key facts on the rate rise", "Key facts on the rate rise", ["FACTBOX"], None),
    ("Factbox: Key facts on the rate rise", "Key facts on the rate rise", ["FACTBOX"], None),
    ("WRAPUP 3-Markets fall as banks raise rates", "Markets fall as banks raise rates", ["WRAPUP 3"], None),
    ("INTERVIEW-Central banker sees more hikes", "Central banker sees more hikes", ["INTERVIEW"], None),
    ("BRIEF-Acme Corp Q2 profit up", "Acme Corp Q2 profit up", ["BRIEF"], None),
    ("US bank to cut jobs: officials", "US bank to cut jobs", [], "officials"),
    ("US bank to cut jobs - source", "US bank to cut jobs", [], "source"),
    ("US bank to cut jobs -WSJ", "US bank to cut jobs", [], "WSJ"),
    ("UPDATE 1-US bank to cut jobs - sources | Reuters", "US bank to cut jobs", ["UPDATE 1"], "sources"),
    ("NORANDA GETS 83 MLN DLRS TO CUT EMISSIONS - OFFICIAL", "NORANDA GETS 83 MLN DLRS TO CUT EMISSIONS", [], "OFFICIAL"),
    # French desk
    ("ECLAIRAGE-Le voyage de Kerry à Moscou", "Le voyage de Kerry à Moscou", ["ECLAIRAGE"], None),
    ("RECTIFICATIF-Paris lève 5 milliards", "Paris lève 5 milliards", ["RECTIFICATIF"], None),
    ("REPLAY-Paris lève 5 milliards", "Paris lève 5 milliards", ["REPLAY"], None),
    ("LEAD 1-Paris lève 5 milliards-presse", "Paris lève 5 milliards", ["LEAD 1"], "presse"),
    ("PAPIER D'ANGLE-Les ports français au ralenti", "Les ports français au ralenti", ["PAPIER D'ANGLE"], None),
    ("Washington prêt à renforcer sa coopération-journal", "Washington prêt à renforcer sa coopération", [], "journal"),
    # German, Spanish, Italian, Portuguese desks
    ("WDH-Hafen Hamburg wächst -Zeitung", "Hafen Hamburg wächst", ["REPEAT"], "Zeitung"),
    ("KORREKTUR-Hafen Hamburg wächst", "Hafen Hamburg wächst", ["CORRECTION"], None),
    ("ACTUALIZA 2-Puerto de Valencia crece - fuentes", "Puerto de Valencia crece", ["UPDATE 2"], "fuentes"),
    ("ESCLUSIVA-Porto di Genova, piano da 300 mln - fonti", "Porto di Genova, piano da 300 mln", ["EXCLUSIVE"], "fonti"),
    ("ATUALIZA 1-Porto de Santos bate recorde-fontes", "Porto de Santos bate recorde", ["UPDATE 1"], "fontes"),
])
def test_headline_tags_and_attribution(raw, headline, flags, attribution):
    assert parse_headline(raw) == (headline, flags, attribution)


@pytest.mark.parametrize("raw", [
    "SNAP-ON TOOLS <SNA> SETS PAYOUT",
    "LEAD-FREE PETROL SALES UP IN BRITAIN",
    "COCA-COLA <KO> SAYS RUMORS INCORRECT",
    "Microsoft embraces open-source",
    "Lead-free petrol sales up",
    "BRIEF HISTORY OF TIME SELLS WELL",
])
def test_headline_without_tags_keeps_its_text(raw):
    assert parse_headline(raw) == (raw, [], None)


def test_all_caps_headline_keeps_text():
    p = P(wire("FED ADDS RESERVES VIA CUSTOMER REPURCHASES",
               "NEW YORK, March 2 - The Federal Reserve entered the government securities market to supply "
               "temporary reserves via customer repurchase agreements, a spokesman said.", tail=" Reuter\n&#3;"),
          received_at=datetime(1987, 3, 2, 14, tzinfo=timezone.utc))
    assert p.headline == "FED ADDS RESERVES VIA CUSTOMER REPURCHASES"
    assert p.flags == [] and p.attribution is None
    assert (p.dateline.city, p.dateline.date) == ("New York", "1987-03-02")
    assert p.paragraphs[0].startswith("The Federal Reserve entered")
    assert p.paragraphs[-1].endswith("a spokesman said.")


def test_all_caps_fixture_with_see_also_at_end():
    p = P((FIX / "all-caps-see-also-en.txt").read_text(), received_at=datetime(2016, 3, 5, tzinfo=timezone.utc))
    assert p.headline == "HARBOUR TOLLS TO RISE TEN PCT FROM APRIL"
    assert p.flags == ["UPDATE 2"] and p.attribution == "OFFICIALS"
    assert (p.dateline.city, p.dateline.agency, p.dateline.date) == ("Rotterdam", "Reuters", "2016-03-05")
    assert [(s.flags, s.headline, s.story_id) for s in p.see_also] == [
        (["FACTBOX"], "What the new tolls mean for shipping lines", None),
        (["UPDATE 1"], "Dock workers plan strike over tolls", "nL5N1A2B3C"),
    ]
    assert p.credits == [Credit("Dan Example", "reporting"), Credit("Eve Sample", "editing")]
    assert len(p.paragraphs) == 2 and "REUTERS" not in p.body and "SEE ALSO" not in p.body


# --------------------------------------------------------------------------- datelines

@pytest.mark.parametrize("text,city,agency,date,qualifier", [
    ("PARIS, 14 juillet (Reuters) - Les", "Paris", "Reuters", "2016-07-14", None),
    ("PARIS, 1er juillet (Reuters) - Les", "Paris", "Reuters", "2016-07-01", None),
    ("WASHINGTON, July 14 (Reuters) - The", "Washington", "Reuters", "2016-07-14", None),
    ("SALVADOR, Feb 26 - Brazil", "Salvador", None, "2016-02-26", None),
    ("WASHINGTON (Reuters) - The", "Washington", "Reuters", None, None),
    ("SOCHI, Russia (Reuters) - The", "Sochi", "Reuters", None, "Russia"),
    ("Paris (AFP) - Le", "Paris", "AFP", None, None),
    ("BERLIN, 14. Juli (Reuters) - Die", "Berlin", "Reuters", "2016-07-14", None),
    ("MADRID, 14 jul (Reuters) - El", "Madrid", "Reuters", "2016-07-14", None),
    ("MADRID, 14 de julio (EFE) - El", "Madrid", "EFE", "2016-07-14", None),
    ("ROMA, 14 luglio (Reuters) - Il", "Roma", "Reuters", "2016-07-14", None),
    ("SÃO PAULO, 14 de julho (Reuters) - O", "São Paulo", "Reuters", "2016-07-14", None),
    ("Damaskus – Die syrische", "Damaskus", None, None, None),
    ("NEW YORK, July 14, 2015 (Reuters) - The", "New York", "Reuters", "2015-07-14", None),
    ("LONDON, 2016-07-13 (Reuters) - The", "London", "Reuters", "2016-07-13", None),
    ("RIO DE JANEIRO, March 4 - Brazil", "Rio de Janeiro", None, "2016-03-04", None),
    ("SALT LAKE CITY, Utah, March 3 - <Beryllium", "Salt Lake City", None, "2016-03-03", "Utah"),
    ("RICHMOND, Va. Feb 26 -\nThe", "Richmond", None, "2016-02-26", "Va."),
    ("CHEVY CHASE, Md., - March 4 - The", "Chevy Chase", None, "2016-03-04", "Md."),
    ("NEW YORK, Narch 2 - The", "New York", None, "2016-03-02", None),
    ("WASHINGTON, March 12, Reuter - A", "Washington", "Reuter", "2016-03-12", None),
    ("DALLAS/FORT WORTH, Texas, March 3 - AMR", "Dallas/Fort Worth", None, "2016-03-03", "Texas"),
    ("WOODBRIDGE, N.J. - Xerox Corp said", "Woodbridge", None, None, "N.J."),
    ("New York, march 4 - Prices", "New York", None, "2016-03-04", None),
    ("ST. LOUIS, March 3 - Monsanto", "St. Louis", None, "2016-03-03", None),
])
def test_dateline_forms(text, city, agency, date, qualifier):
    dl, end = match_dateline(text, JULY_2016)
    assert (dl.city, dl.agency, dl.date, dl.qualifier) == (city, agency, date, qualifier)
    assert text[end:].strip()[0].isupper() or text[end:].strip()[0] == "<"


@pytest.mark.parametrize("text", [
    "The company said on Tuesday - in a statement - that",
    "Les Etats-Unis proposent d'accroître sensiblement",
    "Shr 1.20 dlrs vs 1.10 dlrs",
    "In a statement, the bank said - ",
    "Apple Inc said its profit rose",
])
def test_not_a_dateline(text):
    assert match_dateline(text, JULY_2016) is None


@pytest.mark.parametrize("received,expected", [
    (datetime(2017, 1, 2, tzinfo=timezone.utc), "2016-12-31"),
    (datetime(2016, 12, 30, tzinfo=timezone.utc), "2016-12-31"),
])
def test_year_across_new_year(received, expected):
    dl, _ = match_dateline("TOKYO, Dec 31 (Reuters) - The", received)
    assert dl.date == expected
    dl, _ = match_dateline("TOKYO, Jan 1 (Reuters) - The", datetime(2016, 12, 31, 23, tzinfo=timezone.utc))
    assert dl.date == "2017-01-01"


def test_feb_29_and_impossible_dates():
    dl, _ = match_dateline("ROME, Feb 29 - The", datetime(2016, 3, 1, tzinfo=timezone.utc))
    assert dl.date == "2016-02-29"
    dl, _ = match_dateline("ROME, Feb 30 - The", datetime(2016, 3, 1, tzinfo=timezone.utc))
    assert dl.city == "Rome" and dl.date is None
    dl, _ = match_dateline("BOSTON, March 187 - Eastern", JULY_2016)
    assert dl.city == "Boston" and dl.date is None


def test_city_case():
    assert city_case("NEW YORK") == "New York"
    assert city_case("RIO DE JANEIRO") == "Rio de Janeiro"
    assert city_case("WINSTON-SALEM") == "Winston-Salem"
    assert city_case("KING'S LYNN") == "King's Lynn"
    assert city_case("O'HARE") == "O'Hare"
    assert city_case("La paz") == "La paz"


def test_dateline_removed_from_first_paragraph_and_own_line_dateline():
    p = P("GM SEES RISE IN SALES\n\n    RICHMOND, Va. Feb 26 -\n    General Motors said sales would rise.\n Reuter\n")
    assert p.paragraphs == ["General Motors said sales would rise."]
    assert p.dateline.city == "Richmond" and p.dateline.qualifier == "Va."


def test_dateline_less_web_story_with_furniture_and_three_credit_roles():
    p = P((FIX / "web-story-no-dateline-en.txt").read_text())
    assert p.headline == "Harbour authority approves night ferries for the summer season"
    assert p.dateline.city is None and p.dateline.date is None
    assert p.language == "en"
    assert len(p.paragraphs) == 3
    assert p.paragraphs[0].startswith("The harbour authority on Tuesday")
    assert p.credits == [Credit("Ann Example", "reporting"), Credit("Bob Sample", "writing"),
                         Credit("Carla Placeholder", "editing")]
    for junk in ("Min Read", "Share", "Tweet", "Standards", "Newsletters"):
        assert junk not in p.body


def test_headline_less_dispatch_starting_with_dateline():
    p = P("    PARIS, 14 juillet (Reuters) - Le gouvernement a annoncé jeudi un plan pour les ports.\n"
          "    Le plan sera présenté en septembre.\n")
    assert p.headline == ""
    assert p.dateline.city == "Paris"
    assert p.paragraphs[0].startswith("Le gouvernement")


# --------------------------------------------------------------------------- paragraphs

def test_unwrap_and_paragraph_boundaries_by_indentation():
    p = P("Title\n\n    First para line one\ncontinues here with anti-\nnuclear words.\n    Second para.\n")
    assert p.paragraphs == ["First para line one continues here with anti-nuclear words.", "Second para."]


def test_paragraphs_by_blank_lines():
    p = P("Title\n\nFirst para line one\ncontinues here.\n\nSecond para\ncontinues.\n")
    assert p.paragraphs == ["First para line one continues here.", "Second para continues."]


def test_stray_page_lines_dropped():
    p = P("Titre du jour\n\nle\n0\n    PARIS, 14 juillet (Reuters) - Le texte.\n")
    assert p.paragraphs == ["Le texte."]
    assert p.dateline.city == "Paris"


# --------------------------------------------------------------------------- see-also blocks in each language

@pytest.mark.parametrize("name,lang,flags,headline,dateline,see_flags,see_headline,credits", [
    ("sample-de.txt", "de", ["EXCLUSIVE"], "Hafenbetreiber plant Kapitalerhöhung", ("Hamburg", "2016-07-14"),
     ["ANALYSIS"], "Häfen im Umbruch", [("Anna Beispiel", "reporting"), ("Bernd Muster", "editing")]),
    ("sample-es.txt", "es", ["UPDATE 1"], "Puerto de Valencia registra récord de contenedores", ("Madrid", "2016-07-14"),
     ["INTERVIEW"], "El presidente del puerto defiende la ampliación",
     [("Ana Ejemplo", "reporting"), ("Carlos Muestra", "editing")]),
    ("sample-it.txt", "it", ["EXCLUSIVE"], "Porto di Genova, pronto piano di rilancio", ("Roma", "2016-07-14"),
     ["INTERVIEW"], 'Il presidente del porto: "Serve coraggio"',
     [("Anna Esempio", "reporting"), ("Bruno Campione", "writing")]),
    ("sample-pt.txt", "pt", ["UPDATE 2"], "Porto de Santos bate recorde de exportações", ("São Paulo", "2016-07-14"),
     ["ANALYSIS"], "Portos brasileiros disputam cargas", [("Ana Exemplo", "reporting"), ("Carlos Amostra", "editing")]),
])
def test_languages(name, lang, flags, headline, dateline, see_flags, see_headline, credits):
    p = P((FIX / name).read_text(encoding="utf-8"))
    assert p.language == lang
    assert (p.headline, p.flags) == (headline, flags)
    assert (p.dateline.city, p.dateline.date, p.dateline.agency) == (*dateline, "Reuters")
    assert [(s.flags, s.headline) for s in p.see_also] == [(see_flags, see_headline)]
    assert [(c.name, c.role) for c in p.credits] == credits
    assert len(p.paragraphs) == 2
    assert "(" not in p.body and "AUCH" not in p.body.upper() and "ANCHE" not in p.body.upper()


def test_see_also_inline_entry_and_unindented_entries():
    p = P("Title here\n\nBody text of the story.\n\nSEE ALSO: FACTBOX-First related story\n"
          "UPDATE 3-Second related story\n")
    assert [(s.flags, s.headline) for s in p.see_also] == [(["FACTBOX"], "First related story"),
                                                           (["UPDATE 3"], "Second related story")]
    assert p.paragraphs == ["Body text of the story."]


def test_see_also_word_in_prose_is_not_a_block():
    p = P("Title here\n\nSee also the report of the committee, he said.\n")
    assert p.see_also == [] and p.paragraphs == ["See also the report of the committee, he said."]


# --------------------------------------------------------------------------- credits

@pytest.mark.parametrize("line,credits", [
    ("(Reporting by John Smith; Editing by Mary Jones)", [("John Smith", "reporting"), ("Mary Jones", "editing")]),
    ("(Reporting by John Smith in Paris and Ann Lee in Berlin; Writing by Tom Hay; Editing by Mary Jones)",
     [("John Smith", "reporting"), ("Ann Lee", "reporting"), ("Tom Hay", "writing"), ("Mary Jones", "editing")]),
    ("(Additional reporting by Ann Lee; Editing by Mary Jones)", [("Ann Lee", "additional reporting"),
                                                                 ("Mary Jones", "editing")]),
    ("(Writing by Tom Hay)", [("Tom Hay", "writing")]),
    ("(Rédigé par Marc Joanny; Édité par Sophie Louet)", [("Marc Joanny", "writing"), ("Sophie Louet", "editing")]),
    ("(Avec Marine Pennetier; Jean-Philippe Lefief pour le service français)",
     [("Marine Pennetier", "additional reporting"), ("Jean-Philippe Lefief", "translation")]),
    ("(Berichterstattung von Anna Beispiel, redigiert von Bernd Muster)", None),
    ("(Berichterstattung von Anna Beispiel; redigiert von Bernd Muster)",
     [("Anna Beispiel", "reporting"), ("Bernd Muster", "editing")]),
    ("(Reporte de Ana Ejemplo; Editado por Carlos Muestra)", [("Ana Ejemplo", "reporting"), ("Carlos Muestra", "editing")]),
    ("(Reportagem de Ana Exemplo; Edição de Carlos Amostra)", [("Ana Exemplo", "reporting"),
                                                              ("Carlos Amostra", "editing")]),
])
def test_credit_lines(line, credits):
    p = P(f"Title here\n\n    The body of the story.\n\n {line}\n")
    if credits is None:  # not recognised: it stays in the body rather than losing text
        assert p.paragraphs[-1] == line or p.credits
        return
    assert [(c.name, c.role) for c in p.credits] == credits
    assert p.paragraphs == ["The body of the story."]


def test_lone_parenthesis_is_not_a_credit():
    p = P("Title here\n\n    The body of the\nstory.\n    (1 dlr = 1.35 marks)\n    (Reuters)\n")
    assert p.credits == []
    assert "(1 dlr = 1.35 marks)" in p.paragraphs


def test_credit_glued_to_last_paragraph():
    p = P("Title here\n\nThe body of the story. (Reporting by John Smith; Editing by Mary Jones)\n")
    assert p.paragraphs == ["The body of the story."]
    assert [c.role for c in p.credits] == ["reporting", "editing"]


# --------------------------------------------------------------------------- advisories, sign-offs, contacts

@pytest.mark.parametrize("adv", [
    "Adds quote in paragraph 4", "Corrects spelling of name in paragraph 2", "Actualisé avec réaction du Kremlin",
    "Aktualisiert mit Details", "Actualiza con declaraciones", "Aggiorna con dettagli", "Atualiza com detalhes",
])
def test_advisories(adv):
    p = P(f"UPDATE 1-Title here\n\n    ({adv})\n\n    LONDON, July 14 (Reuters) - The body.\n")
    assert p.advisory == adv
    assert p.paragraphs == ["The body."]
    assert p.dateline.city == "London"


@pytest.mark.parametrize("signoff", ["Reuter", "REUTER", "REUTERS", "AFP", "dpa", "REUTER...", "Reuter\n&#3;"])
def test_signoffs_removed(signoff):
    p = P(f"Title here\n\n    LONDON, July 14 - The body.\n {signoff}\n")
    assert p.paragraphs == ["The body."]


def test_signoff_on_last_text_line():
    p = P("Title here\n\n    LONDON, March 11 - The coins will be minted.   REUTER\n")
    assert p.paragraphs == ["The coins will be minted."]
    p = P("Title here\n\n    LONDON, March 11 - The figure, a spokesman told Reuters.\n")
    assert p.paragraphs == ["The figure, a spokesman told Reuters."]


def test_contact_block_and_keywords_removed():
    p = P("Title here\n\n    LONDON, July 14 (Reuters) - The body.\n"
          " ((london.newsroom@example.com; +44 20 7000 0000;\n Reuters Messaging: x@example.com))\n"
          "Keywords: BANKS RATES/BRITAIN\n")
    assert p.paragraphs == ["The body."]


@pytest.mark.parametrize("lines", [
    "Vous devez être membre pour ajouter des commentaires.\nDevenez membre, ou connectez-vous.\n"
    "Aucun commentaire n'est disponible pour l'instant",
    "You must be a member to add comments.\nBecome a member, or log in.\nNo comments are available at the moment.",
    "Partager\nImprimer\n",
    "Teilen\nKeine Kommentare vorhanden.\n",
    "Compartir\nNo hay comentarios disponibles.\n",
    "Condividi\nNessun commento disponibile.\n",
    "Compartilhar\nNenhum comentário disponível.\n",
])
def test_web_furniture_removed(lines):
    p = P(f"Title here\n\nThe body of the story.\n\n{lines}")
    assert p.paragraphs == ["The body of the story."]


def test_parse_error_never_leaks(monkeypatch):
    import streams.parsing as parsing

    def boom(*a, **k):
        raise ValueError("bug")

    monkeypatch.setattr(parsing, "build_paragraphs", boom)
    with pytest.raises(DispatchError) as e:
        P("Title\n\nBody.\n")
    assert e.value.code == "parse_error"


@pytest.mark.parametrize("text,city,credit", [
    ("Ports reopen after storm\nJuly 14, 2016 / 10:32 AM / 2 years ago\nBy Jane Doe\n2 Min Read\n\n"
     "LONDON (Reuters) - Ports reopened on Thursday.\n\nThe storm had closed them.", "London", "Jane Doe"),
    ("Les ports rouvrent\n14 juillet 2016 à 10h32\nPar Jean Dupont\n\n"
     "PARIS (Reuters) - Les ports ont rouvert jeudi.\n\nLa tempête les avait fermés.", "Paris", "Jean Dupont"),
    ("Häfen wieder offen\n14. Juli 2016, 10:32 Uhr\nVon Anna Beispiel\n\n"
     "HAMBURG (Reuters) - Die Häfen sind wieder offen.\n\nDer Sturm hatte sie geschlossen.", "Hamburg", "Anna Beispiel"),
])
def test_web_story_with_timestamp_and_byline(text, city, credit):
    p = P(text)
    assert p.dateline.city == city
    assert len(p.paragraphs) == 2 and not any(ch.isdigit() for ch in p.paragraphs[0])
    assert p.credits == [Credit(credit, "reporting")]


def test_page_furniture_before_the_headline():
    p = P("Skip to main content\nShare\n\nPorts reopen after storm | Reuters\n\nLONDON (Reuters) - Ports reopened.\n")
    assert p.headline == "Ports reopen after storm"
    assert p.paragraphs == ["Ports reopened."]


def test_headline_only_items_are_alerts_not_errors():
    """A headline with no body at all is a wire alert; a body that is only furniture is no_body."""
    p = P("FED SETS 1.5 BILLION DLR CUSTOMER REPURCHASE, FED SAYS\n\n")
    assert p.headline == "FED SETS 1.5 BILLION DLR CUSTOMER REPURCHASE, FED SAYS"
    assert p.flags == ["ALERT"] and p.paragraphs == [] and p.language == "en"
    assert P("URGENT-Séisme de magnitude 7 au large du Japon\n").flags == ["URGENT"]
    with pytest.raises(DispatchError) as e:
        P("Headline\n\n (Reporting by Jane Doe; Editing by John Roe)\n")
    assert e.value.code == "no_body"
