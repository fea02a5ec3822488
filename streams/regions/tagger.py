"""Region tagging: one Aho-Corasick pass, casing and person filters, disambiguation, salience.

The steps, for one dispatch:

1. the headline and paragraphs are joined into one text, folded (lower case, no
   accents, same length) and scanned once by the gazetteer's automaton; matches
   must sit on word boundaries;
2. each match keeps the candidates that fit the dispatch language and the
   original casing (``US`` vs ``us``, ``Nice`` vs ``nice``); in all-caps text
   (1987 wire headlines) casing says nothing, so names that are also common
   words (``TURKEY``, ``CHAD``) only count when the country is named elsewhere;
3. leftmost-longest selection (``New Mexico`` beats ``Mexico``, vetoes such as
   ``Latin America`` consume their span);
4. person names are removed: a title (``Mr``, ``M.``, ``Herr``, ``Sr.``) or a given
   name before a place word (``John Kerry``, ``François Hollande``), a capitalised
   word after a person-like place name (``Jordan Henderson``), a capitalised word
   before a town name (``Wells Fargo``); a name once seen as a person is a person
   throughout the dispatch;
5. qualifiers fix a place's country (``Cambridge, Mass.``, ``Paris, Texas``,
   ``Sochi, Russia``); other ambiguous names are resolved by the countries named
   unambiguously in the same dispatch, then population, then the source's home
   market (a weak prior);
6. the dateline city is geocoded (country and coordinates);
7. per country: mentions weighted by kind (country name > demonym > city), zone
   (headline > lead > body) and use (a place word inside a firm's name, "American
   Express Co", counts little) give a score in [0, 1] and a role: ``subject`` when
   named in the headline, or with enough weight (and share of the top country),
   ``dateline`` when only filed from there, ``mentioned`` otherwise.  Comparisons,
   victims' and opponents' nationalities are mentions that never make a subject.  A story
   filed from a place and about nothing bigger elsewhere is about its dateline country; one
   without a dateline is about the country leading its headline or lead, or the only country
   it names.  A story that places itself nowhere keeps its source's home market only as a
   ``hint`` (``"prior": true``, score 0.1, no evidence): never a subject without evidence.

Weak evidence (a small town, a name that is also a common word, Brussels) only
counts when the same country is named plainly elsewhere in the dispatch.
"""
from __future__ import annotations

import math
import re

from operator import itemgetter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import ParsedDispatch
from ..text.fold import fold
from .cues import _BEAT_FOLDED, _SIMILAR_FOLDED, _VICTIM_FOLDED
from .gazetteer import Candidate, Gazetteer, get_gazetteer

# ---------------------------------------------------------------------------------------------
# weights and thresholds (general news rules, not fitted to any document)
KIND_WEIGHT = {"C": 1.0, "K": 1.0, "M": 1.0, "D": 0.8, "S": 0.9, "Q": 0.6, "P": 0.6}
CAPITAL_WEIGHT = 0.9
ZONE_MULT = {"h": 2.5, "l": 1.6, "b": 1.0}
SUBJECT_BODY_WEIGHT = 4.0  # otherwise a country needs this much weighted evidence
SUBJECT_SHARE = 0.2  # ... and this share of the top country's weight (half of it for a headline)
SUBJECT_LEAD_WEIGHT = 2.0  # a country named in the lead needs this much
CONTEXT_TOWN = 100_000  # a town this big in a state/province named in the story beats a foreign capital
ORG_WEIGHT = 0.3  # a place word inside a firm's name
TICKER_WEIGHT = 0.3  # an exchange suffix in an instrument code ("<PARC.O>": Nasdaq, US)
BIG_CITY = 100_000  # towns below this population need their country named elsewhere
MINOR_WEIGHT = 0.5  # a comparison, a victim's or an opponent's nationality: a mention, never a subject
LEAD_ALONE_WEIGHT = 1.2  # a story placed nowhere else: the country of its headline or lead, when it leads ...
LEAD_ALONE_MARGIN = 1.25  # ... by this factor over the next country
BODY_ONLY = 0.5  # a country named only in the body weighs this share against one leading the story
SINGLE_WEIGHT = 0.9  # the only country named in a story placed nowhere else needs this much (not one small town)
DATELINE_WEIGHT = 0.5  # what the dateline itself weighs when it decides a story filed from home

# Home markets: source -> countries used as a weak prior to resolve ambiguous names.
HOME_MARKETS = {
    "reuters": ("US", "GB"), "ap": ("US",), "upi": ("US",), "bloomberg": ("US",), "dow jones": ("US",),
    "afp": ("FR",), "dpa": ("DE",), "efe": ("ES",), "ansa": ("IT",), "lusa": ("PT",), "kyodo": ("JP",),
    "xinhua": ("CN",), "tass": ("RU",), "belga": ("BE",), "ats": ("CH",), "anp": ("NL",), "apa": ("AT",),
    "pa": ("GB",), "cp": ("CA",), "aap": ("AU",), "agencia brasil": ("BR",), "notimex": ("MX",),
}
LANG_MARKETS = {"en": ("US", "GB"), "fr": ("FR",), "de": ("DE",), "es": ("ES",), "it": ("IT",), "pt": ("PT", "BR"),
                "nl": ("NL",), "ru": ("RU",), "ja": ("JP",), "zh": ("CN",), "ar": (), "tr": ("TR",)}

_STOP = {
    "en": {"the", "of", "and", "to", "in", "said", "is", "for", "on", "that", "with", "was", "it", "by"},
    "fr": {"le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "que", "qui", "sur", "au", "pas"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "sich", "auf"},
    "es": {"el", "los", "las", "del", "y", "que", "en", "por", "una", "con", "para", "se", "su", "al"},
    "it": {"il", "della", "che", "di", "gli", "e", "è", "per", "una", "del", "con", "non", "sono", "nel"},
    "pt": {"o", "os", "da", "do", "não", "que", "em", "uma", "com", "para", "dos", "das", "no", "na"},
    "nl": {"de", "het", "een", "van", "en", "is", "dat", "niet", "met", "voor", "zijn", "op", "te"},
}
_ARTICLES = {"the", "a", "an", "le", "la", "les", "un", "une", "der", "die", "das", "ein", "eine", "el", "los",
             "las", "il", "lo", "gli", "o", "os", "as", "this", "that", "our", "his", "her", "their", "its"}
# capitalised words that may precede a town name without making it a person or a firm
_MODIFIERS = {
    "new", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "greater",
    "upper", "lower", "port", "fort", "lake", "mount", "saint", "st", "san", "santa", "sao", "nord", "sud", "ost",
    "downtown", "metropolitan", "inner", "outer", "old", "little", "grand", "el", "la", "le", "los", "las", "de",
    "in", "at", "from", "to", "near", "and", "or", "of", "for", "between", "outside", "via", "with",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# capitalised words after a person-like place name that do not make it a person
_NOT_SURNAME = {"club", "stock", "exchange", "bourse", "valley", "river", "sea", "airport", "agreement", "accord",
                "summit", "conference", "government", "times", "post", "journal", "city", "county", "state",
                "club's", "group", "bank", "motor", "air", "radio", "tv", "television", "police",
                "sa", "ag", "inc", "co", "corp", "ltd", "plc", "nv", "spa", "gmbh", "bv", "ab", "asa", "oy"}
_NON_PERSON_KINDS = frozenset("DQV")
_TOWN_ONLY = frozenset("P")
_SPEECH_AFTER = re.compile(r" (?:said|says|told|added|declared|stated|has said|has told|had said|would say|"
                           r"a déclaré|a dit|a affirmé|a ajouté|a indiqué|a estimé|sagte|erklärte|betonte|"
                           r"dijo|afirmó|declaró|ha detto|ha dichiarato|disse|afirmou|declarou)\b")
_NOUN_CAPS = frozenset({"de", "lb"})  # languages that capitalise common nouns: casing proves nothing
_TOWN_KINDS = frozenset("PK")
_PLACE_KINDS = frozenset("PKS")
_MISSING: Any = object()
_SENT_END = set(".!?:;\"«»“”(")

_DATE_WORD = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|janv|févr|fev|mars|avr|mai|juin|juil|août|"
              r"aout|sept|oct|nov|déc|dec|enero|feb|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
              r"noviembre|diciembre|Januar|Februar|März|Juni|Juli|Oktober|Dezember)[a-zéû]*\.?")
_LEAD_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-zÀ-ÿ.'’\- ]{1,40}?)"  # CITY
    r"(?:,\s*([A-Z][A-Za-zÀ-ÿ.'’ \-]{1,30}?))?"  # optional qualifier: state, country
    r"(?:,\s*(?:" + _DATE_WORD + r"\s*\d{1,2}|\d{1,2}\s+" + _DATE_WORD + r")(?:\s*\(\w+\))?|\s*\(\w+\))"
    r"\s*[-–—]+\s*",
)
_LANG_AFTER = re.compile(r"^ ?(language|speaking|speaker|langue|lingua|lengua|idioma|sprach|sprache|"
                         r"language|phone|translation|version|dubbed|subtitle)")
_LANG_BEFORE = re.compile(r"(?:^|\W)(in|en|auf|em|into)\s$")
# up to three capitalised words, then a company suffix: the place word is part of a firm's name
_ORG_TAIL = re.compile(r"(?:[ -](?:[A-Z][\w&'.-]*|of|and|de|&)){0,3}[ ,]+(?:Co|Corp|Corporation|Inc|Ltd|Plc|PLC|"
                       r"AG|SA|S\.A\.|NV|N\.V\.|BV|GmbH|SpA|S\.p\.A\.|Cos|Industries|Airlines|Airways|"
                       r"Holdings|Group|Bancorp|Bancshares|Fund|Trust)\b")
# "15 mln U.S. dlrs", "2 billion Canadian dollars": an amount's currency, not the place
_AMOUNT_BEFORE = re.compile(r"(?:\d|mln|million|millions|billion|billions|bln|milliards?|millones|milioni|milhões|"
                            r"Millionen|Milliarden)\s*$", re.IGNORECASE)
_CURRENCY = re.compile(r" (?:dlrs|dollars?|francs?|marks?|yen|pounds?|sterling|pesos?|crowns?|kronor|kroner|"
                       r"guilders?|lire|lira|rupees?|rands?|dólares|dollari|dólares|dollaro|franken|kronen)\b",
                       re.IGNORECASE)
_POSTAL = re.compile(r",\s?([A-Z]{2})\b(?![.'\w])")
_HYPHEN_NAME = re.compile(r"-([A-Z][\w']+)")
_FIRST = itemgetter(0)  # sort key of the scan's hits: (start << 8) - length
_D_ONLY = frozenset("D")
_ORG_NEXT = frozenset(" -,")  # what _ORG_TAIL or _CURRENCY can start with
# ... and what can come right after that first character (pinned in tests/test_tag_fast.py):
# _ORG_TAIL goes on with a capital ([A-Z] words and company suffixes), "of", "and", "de", "&", or
# more separators; _CURRENCY (case-insensitive) with the first letter of a currency word, where
# "s" also matches the long s and "k" the Kelvin sign
_ORG_SECOND = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZoad& ,")
_CURRENCY_FIRST = frozenset("dfmypsckglrDFMYPSCKGLR\u017f\u212a")
_AFTER_NEXT = frozenset(" \t'")  # what _WORD_AFTER can start with
_S_ONLY = frozenset("S")  # m.kinds == _S_ONLY is necessary for all of m.cands to be "S" (they only shrink to "D")
# A country named only to compare ("Streiks wie in Frankreich", "comme en France", "como en España",
# "juros mais altos do que nos EUA") is context, not a subject: the words right before the mention
# (an article or a preposition may come between).
_COMPARE = frozenset({
    "like", "unlike", "as in", "than in", "than", "compared with", "compared to", "similar to", "as did",
    "comme", "qu'en", "qu’en", "que", "contrairement à", "par rapport à", "à l'instar de", "à l’instar de",
    "wie", "als", "anders als", "ähnlich wie", "im vergleich zu",
    "como", "que", "a diferencia de", "en comparación con", "al igual que", "frente a", "do que",
    "come", "che", "a differenza di", "rispetto a", "ao contrário de", "em relação a", "em comparação com",
    "a exemplo de", "tal como",
})
_COMPARE_LAST = frozenset(w.rsplit(" ", 1)[-1] for w in _COMPARE)
_COMPARE_FILL = frozenset({
    "the", "la", "le", "les", "l'", "l’", "die", "der", "den", "dem", "el", "los", "las", "il", "lo", "gli", "o", "a",
    "os", "as", "in", "en", "au", "aux", "dans", "im", "no", "na", "nos", "nas", "em", "nel", "nella", "al", "ao",
    "du", "des", "del", "della", "do", "da", "dos", "das", "to", "with", "à",
})


_COMPARE_PREP = frozenset({"in", "en", "au", "aux", "dans", "im", "no", "na", "nos", "nas", "em", "nel", "nella"})
_NEEDS_PREP = frozenset({"que", "che", "als", "than"})  # "que la France" is no comparison, "qu'en France" is


# A town named as the venue of a meeting ("at a meeting in Vienna", "réunion à Genève") is where
# people met, not what the story is about
_VENUE = frozenset({
    "meeting", "meetings", "meet", "met", "talks", "summit", "conference", "gathering", "session",
    "réunion", "réunis", "sommet", "conférence", "rencontre", "pourparlers", "négociations",
    "treffen", "gipfel", "konferenz", "gesprächen", "verhandlungen", "tagung",
    "reunión", "cumbre", "conferencia", "negociaciones", "conversaciones", "reunidos",
    "riunione", "vertice", "conferenza", "colloqui", "negoziati",
    "reunião", "cimeira", "cúpula", "conferência", "negociações",
})
_VENUE_PREP = frozenset({"in", "at", "à", "a", "en", "em", "im", "de", "di", "in"})
# Amounts in a currency that names its country ("150'000 franchi", "3 mln yen", "500 rublos")
_CURRENCY_OF = {
    "franchi": "CH", "franken": "CH", "yen": "JP", "yuan": "CN", "renminbi": "CN", "rubles": "RU",
    "roubles": "RU", "rubel": "RU", "rublos": "RU", "rubli": "RU", "reais": "BR", "zlotys": "PL", "zloty": "PL",
    "zlotych": "PL", "forints": "HU", "forint": "HU", "hryvnias": "UA", "hryvnia": "UA", "naira": "NG",
    "rand": "ZA", "shekels": "IL", "shekel": "IL", "kwanzas": "AO", "meticais": "MZ", "bolívares": "VE",
    "ringgit": "MY", "baht": "TH", "rupiah": "ID", "won": "KR", "lire": "IT", "liras": "TR", "lira": "TR",
    "rupees": "IN", "rupias": "IN", "roupies": "IN", "dirhams": "MA", "pesos": "", "francs": "",
}
_AMOUNT_CURRENCY = re.compile(
    r"\d(?:[\d.,'’ ]*\d)?(?:\s*(?:mln|mio|million|millions|milioni|Millionen|Mio\.|milhões|millones|"
    r"bn|bln|billion|billions|miliardi|Milliarden|Mrd\.|mil|milliards?|mille|mil milhões|mil millones))?"
    r"(?:\s+(?:de|di|d'))?\s+"
    r"(franchi|Franken|yen|yuan|renminbi|rubles|roubles|Rubel|rublos|rubli|reais|zlotys|zloty|zlotych|"
    r"forints?|hryvnias?|naira|rand|shekels?|kwanzas|meticais|bolívares|ringgit|baht|rupiah|won|lire|liras?|"
    r"rupees|rupias|roupies|dirhams)\b")
_AND = frozenset({" and ", " y ", " et ", " und ", " e ", " i ", " & "})
CURRENCY_WEIGHT = 0.5  # an amount in a national currency: evidence, lighter than naming the country


def _compared(before: str) -> bool:
    """``before`` (the text right before a mention) ends with a comparison: "wie in", "comme en"."""
    words = before.lower().split()[-5:]
    n = 0
    prep = False
    while words and words[-1] in _COMPARE_FILL and n < 2:
        prep = prep or words[-1] in _COMPARE_PREP
        words.pop()
        n += 1
    if not words or words[-1] not in _COMPARE_LAST:
        return False
    for k in (4, 3, 2, 1):
        if k <= len(words):
            phrase = " ".join(words[-k:])
            if phrase in _COMPARE:
                return prep or phrase not in _NEEDS_PREP
    return False


# Words of death and injury: a nationality in their sentence is a victim's ("dont un Américain de 15 ans")
_VICTIM = re.compile(
    r"\b(?:kill\w*|dead|died|dies|death|injur\w*|wounded|victim\w*|missing|hurt|"
    r"tu[ée]s?|tuée?s?|morts?|mortes?|décédée?s?|decedee?s?|blessée?s?|victimes?|perdu la vie|disparue?s?|"
    r"getötet|tot|tote|toten|gestorben|starben|starb|verletzt\w*|Opfer|ums Leben|vermisst\w*|"
    r"muert[oa]s?|fallecid[oa]s?|herid[oa]s?|víctimas?|victimas?|perdió la vida|desaparecid[oa]s?|"
    r"mort[oi]|mort[ae]|decedut[oi]|ferit[oi]|ferit[ae]|vittim[ae]|dispers[oi]|"
    r"feridos?|feridas?|vítimas?|vitimas?|desaparecid[oa]s?|"
    r"involved|impliquée?s?|concernée?s?|betroffen\w*|afectad[oa]s?|coinvolt[oiae]|atingid[oa]s?)\b", re.IGNORECASE)
# A winning verb shortly before, in the same clause: the nationality is the loser's
# ("River Plate goleó este miércoles 4-0 al Fluminense brasileño")
_BEAT = re.compile(r"\b(?:beat|beats|defeated|thrashed|routed|edged|eliminated|battu|bat|a dominé|domine|éliminé|"
                   r"schlug|besiegte|bezwang|goleó|venció|derrotó|superó|eliminó|batió|ganó a|batte|ha battuto|"
                   r"sconfitto|superato|eliminato|venceu|derrotou|goleou|eliminou)\b[^.;:!?]{0,50}$")
_BEAT_NEAR = re.compile(r"\b(?:beat|beats|defeated|thrashed|routed|battu|bat|battant|a battu|schlug|besiegte|"
                        r"bezwang|goleó a|venció a|derrotó a|batió a|ha battuto|battendo|sconfitto|venceu|"
                        r"derrotou|goleou)\s+(?:(?:l'|l’|la|le|les|the|el|a|al|o|os|den|die|das|il|lo)\s*)?$",
                        re.IGNORECASE)
_COUNTRY_KINDS = frozenset("CM")
_ARTICLES_BEFORE = frozenset({
    "le", "la", "les", "l'", "l’", "un", "une", "du", "au", "aux", "the", "a", "an", "el", "los", "las", "del", "al",
    "una", "il", "lo", "gli", "i", "uno", "dello", "dal", "o", "os", "um", "uma", "do", "dos", "ao", "der", "die",
    "den", "dem", "des", "ein", "eine", "einen", "einem", "jeune", "young", "junge", "jungen", "no", "nessun",
    "nessuna", "aucun", "aucune", "ningún", "ninguna", "nenhum", "nenhuma", "kein", "keine", "dell'", "dell’"})
_OPPONENT_WORDS = frozenset({"contre", "against", "versus", "vs", "vs.", "gegen", "contra", "ante", "contro",
                             "dominant", "dominé", "battu", "beat", "beating", "defeated", "besiegt", "derrotó",
                             "venció", "derrotando", "battuto", "venceu", "derrotou"})


def _article_before(before: str) -> bool:
    """An article (or "no", "aucun") right before: "le Jamaïcain", "un Américain", "el español"."""
    if before.endswith(("'", "’")):
        k = max(before.rfind(" "), -1)
        return before[k + 1:].lower() in _ARTICLES_BEFORE
    words = before[-14:].split()
    return bool(words) and before[-1:] == " " and words[-1].lower() in _ARTICLES_BEFORE


def _opponent_before(before: str) -> bool:
    """"face à l'Américain", "against Canadian", "contro lo spagnolo": an opponent's nationality."""
    words = before[-24:].lower().replace("l'", "l' ").replace("l’", "l’ ").split()
    if words and words[-1] in _ARTICLES_BEFORE:
        words.pop()
    if not words:
        return False
    return words[-1] in _OPPONENT_WORDS or (len(words) >= 2 and words[-2:] in (["face", "à"], ["frente", "a"]))


# a cue's first three letters, looked for at the start of a word of the folded copy
_WORD_START = {w: w.strip()[:3] for w in _SIMILAR_FOLDED + _BEAT_FOLDED + _VICTIM_FOLDED}


def _starts_a_word(folded: str, prefix: str) -> bool:
    """Does a word of ``folded`` start with ``prefix``?  Words are the runs between spaces and full
    stops: the folded copy holds only letters, digits, spaces and full stops (``fold(t, ".")``)."""
    return folded.startswith(prefix) or (" " + prefix) in folded or ("." + prefix) in folded
_SEP = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0.")


def _is_sep(c: str) -> bool:
    return c in _SEP or c.isspace()


def _cues(folded: str, hits: list[tuple[int, int, tuple[int, ...]]]) -> tuple[bool, bool, bool, bool]:
    """What the folded copy speaks of: (likeness, a win, deaths or injuries, a currency word).

    ``hits`` are the cue words (``cues.CUE_WORDS``) found in ``folded`` by the gazetteer's automaton
    in the same pass as the place names: ``(end, length, kinds)``.  A cue counts when it occurs and
    some word of the copy (the runs between whitespace and dots) starts with its first three
    letters; a currency word must be a whole word."""
    out = [False, False, False, False]
    n = len(folded)
    tried: set[str] = set()
    for end, klen, kinds in hits:
        start = end - klen + 1
        w = None
        for kind in kinds:
            if out[kind]:
                continue
            if kind == 3:
                if (start == 0 or _is_sep(folded[start - 1])) and (end + 1 >= n or _is_sep(folded[end + 1])):
                    out[3] = True
            else:
                if w is None:
                    w = folded[start:end + 1]
                    fresh = w not in tried  # else its prefix was looked for already, in vain
                    tried.add(w)
                    # most cues start a word where they were found, and then the search below would
                    # find at least this occurrence: it is only needed for a cue inside a word
                    at = start + len(w) - len(w.lstrip())  # where its first three letters are
                    found = at == 0 or folded[at - 1] in " ." or (fresh and _starts_a_word(folded, _WORD_START[w]))
                if found:
                    out[kind] = True
    return out[0], out[1], out[2], out[3]


# People whose nationality a demonym gives ("un touriste américain", "a Colombian national")
_PERSON_NOUN = frozenset({
    "tourist", "tourists", "national", "nationals", "citizen", "citizens", "man", "woman", "men", "women", "boy",
    "girl", "student", "journalist", "reporter", "soldier", "soldiers", "worker", "workers", "hiker", "climber",
    "skier", "pilot", "driver", "trafficker", "suspect", "teenager", "player", "rider", "cyclist",
    "touriste", "touristes", "ressortissant", "ressortissants", "citoyen", "homme", "femme", "hommes", "femmes",
    "étudiant", "étudiante", "journaliste", "soldat", "soldats", "randonneur", "alpiniste", "skieur", "pilote",
    "trafiquant", "suspect", "adolescent", "joueur", "coureur", "cycliste",
    "tourist", "touristen", "urlauber", "urlauberin", "staatsbürger", "mann", "frau", "student", "journalist",
    "soldat", "soldaten", "bergsteiger", "skifahrer", "fahrer", "spieler", "radprofi", "jugendlicher",
    "turista", "turistas", "ciudadano", "ciudadana", "ciudadanos", "hombre", "mujer", "joven", "estudiante",
    "periodista", "soldado", "narcotraficante", "traficante", "sospechoso", "jugador", "ciclista", "piloto",
    "turisti", "cittadino", "cittadina", "cittadini", "uomo", "donna", "giovane", "studente", "giornalista",
    "soldato", "trafficante", "sospettato", "giocatore", "ciclista", "pilota", "alpinista", "sciatore",
    "cidadão", "cidadã", "cidadãos", "homem", "mulher", "jovem", "estudante", "jornalista", "traficante",
    "suspeito", "jogador",
})
# Words of likeness: a country in the same sentence after them is a comparison
_SIMILAR = re.compile(r"\b(?:similar|similaire|semblable|analogue|ähnlich\w*|vergleichbar\w*|parecid[oa]s?|"
                      r"simil[ei]|analog[ao]|semelhante|idêntic[oa]|the same as)\b", re.IGNORECASE)
_SENT_BREAK = re.compile(r"[.!?]\s|\n")
# Team nouns: "el equipo de Río", "the team from Manchester": a team's home town, not the story's place
_TEAM = frozenset({"equipo", "club", "conjunto", "plantel", "team", "équipe", "formation", "mannschaft", "verein",
                   "squadra", "formazione", "equipa", "time", "clube", "side"})
_SENTENCE_STOP = re.compile(r"[.!?;]\s|\n")
# Articles before a demonym used as a noun: "le Jamaïcain", "un Américain", "el español", "der Norweger"
_NOUN_ARTICLE = re.compile(r"(?:^|\s)(?:le|la|les|l'|l’|un|une|du|au|aux|the|an?|el|los|las|un|una|del|al|"
                           r"il|lo|gli|i|uno|dello|dal|al|o|os|um|uma|do|dos|ao|der|die|den|dem|des|ein|eine|"
                           r"einen|einem|jeune|young|jungen?|no|nessun|nessuna|aucun|aucune|ningún|ninguna|nenhum|nenhuma|kein|keine)\s?$",
                           re.IGNORECASE)
# Words after a demonym that make it an official or an institution, not a person's nationality
_OFFICE_AFTER = frozenset({
    "president", "prime", "foreign", "finance", "defence", "defense", "interior", "economy", "trade", "health",
    "minister", "ministers", "government", "army", "troops", "forces", "officials", "authorities", "police",
    "central", "national", "state", "federal", "parliament", "embassy", "ambassador", "navy", "air",
    "président", "premier", "ministre", "gouvernement", "armée", "forces", "police", "chef", "diplomatie",
    "präsident", "ministerpräsident", "regierung", "armee", "außenminister", "kanzler", "kanzlerin",
    "presidente", "ministro", "gobierno", "governo", "ejército", "esercito", "exército", "canciller",
})
# person names take these particles ("Agostinho do Rosário", "Hans von Essen"); "Ilva di Taranto",
# "Universidad de Chile" keep their place
_PARTICLES = frozenset({"do", "da", "dos", "das", "von", "van"})
_PARTICLE_BEFORE = re.compile(r"\b([A-ZÀ-Þ][\w'’-]+) (?:do|da|dos|das|von|van)\s$")
# Reuters instrument codes: "<PARC.O>", "(VOWG_p.DE)": the exchange suffix places the company
_RIC = re.compile(r"[<(][A-Z0-9_]{1,8}[a-z]?\.([A-Z]{1,2})[>)]")
_RIC_TAIL = re.compile(r"\.[A-Z]{1,2}[>)]")
RIC_EXCHANGE = {
    "N": "US", "O": "US", "OQ": "US", "A": "US", "K": "US", "TO": "CA", "V": "CA", "L": "GB", "PA": "FR",
    "DE": "DE", "F": "DE", "MI": "IT", "MC": "ES", "MA": "ES", "LS": "PT", "AS": "NL", "BR": "BE", "S": "CH",
    "SW": "CH", "VI": "AT", "ST": "SE", "OL": "NO", "CO": "DK", "HE": "FI", "I": "IE", "T": "JP", "HK": "HK",
    "SS": "CN", "SZ": "CN", "KS": "KR", "TW": "TW", "SI": "SG", "AX": "AU", "NZ": "NZ", "BO": "IN", "NS": "IN",
    "SA": "BR", "MX": "MX", "BA": "AR", "SN": "CL", "J": "ZA", "JO": "ZA", "IS": "TR", "TA": "IL", "MM": "RU",
    "WA": "PL", "PR": "CZ", "BU": "HU", "AT": "GR", "KL": "MY", "BK": "TH", "JK": "ID",
}
_WORD_AFTER = re.compile(r"(?:'s\b)?[ \t]+([A-Za-zÀ-ÿ][\wÀ-ÿ'’\-]*)")


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    key_idx: int
    zone: str  # h, l, b
    caseless: bool
    cands: tuple[Candidate, ...] | list[Candidate]  # never changed in place, only replaced
    surface: str
    weak: bool = False  # only counts when the country is named elsewhere
    code: str | None = None
    place: int = -1
    kind: str = ""
    qualifier_of: int | None = None
    qualified: bool = False
    kinds: frozenset = frozenset()
    initial: bool = False  # a common word at the start of a sentence
    org: bool = False  # part of a firm's name ("American Express Co", "Japan Fund Inc")
    minor: str = ""  # why this mention cannot make a subject: comparison, victim, opponent
    national: bool = False  # a person's nationality ("l'Américain Justin Gatlin", "el español Nadal")


@dataclass(slots=True)
class _Country:
    code: str
    weight: float = 0.0
    mentions: int = 0
    headline: bool = False
    lead: bool = False
    strong: bool = False  # at least one non-weak mention
    evidence: list[str] = field(default_factory=list)
    coords: tuple[float, float] | None = None
    first: float = 1.0  # where the first strong mention sits (0 = start of the text, 1 = end)
    org: bool = False  # named inside a firm's name
    major: bool = False  # at least one mention that may make a subject (not a comparison, victim, opponent)
    protagonist: bool = False  # the nationality of the story's first person, in the headline or lead
    headline_place: bool = False  # a place (not a nationality) named in the headline
    economic: bool = False  # an instrument code (exchange suffix) or an amount in its currency names it
    national_only: bool = True  # every major mention is a person's nationality


def guess_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", text[:1500].lower())
    best, best_n = "en", 0
    for lang, stop in _STOP.items():
        n = sum(1 for w in words if w in stop)
        if n > best_n:
            best, best_n = lang, n
    return best


_PRIORS: dict[tuple[str | None, str], tuple[str, ...]] = {}


def _home_prior(source: str | None, lang: str) -> tuple[str, ...]:
    """The source's home markets (:func:`_home_prior_raw`), memoised: a feed has few sources."""
    if not source:
        return LANG_MARKETS.get(lang, ())  # what _home_prior_raw gives, without a look-up
    if type(source) is not str or type(lang) is not str:
        return _home_prior_raw(source, lang)  # (never in practice) no memo for odd types
    key = (source, lang)
    got = _PRIORS.get(key)
    if got is None:
        if len(_PRIORS) > 10_000:
            _PRIORS.clear()
        got = _PRIORS[key] = _home_prior_raw(source, lang)
    return got


def _home_prior_raw(source: str | None, lang: str) -> tuple[str, ...]:
    if source:
        s = source.lower()
        m = re.match(r"^(.+?)[-_ ]([a-z]{2})$", s)  # "reuters-fr": a wire's language service
        if m and m.group(2) in LANG_MARKETS and m.group(1) in ("reuters", "afp", "ap", "bloomberg", "dpa", "efe"):
            return LANG_MARKETS[m.group(2)] if m.group(2) != "en" else HOME_MARKETS.get(m.group(1), ("US", "GB"))
        for name, codes in HOME_MARKETS.items():
            if s == name or s.startswith(name + " ") or s.startswith(name + "-") or s.startswith(name + "_"):
                if name == "reuters" and lang in LANG_MARKETS and lang != "en":
                    return LANG_MARKETS[lang]
                return codes
    return LANG_MARKETS.get(lang, ())




def _normal(s: str) -> bool:
    """``" ".join(s.split()) == s``, cheaply: every whitespace character but the plain space is
    unprintable, so printable text with no doubled, leading or trailing space is normalised."""
    return s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " "


def _is_caseless(s: str) -> bool:
    """All-caps text (a 1987 wire headline): casing says nothing there."""
    if s.isascii():  # the same answer without two copies: stops at the first lower-case letter
        return s.isupper()
    return s.upper() == s and s.lower() != s


def _word_before(text: str, start: int) -> tuple[str, int] | None:
    """The word right before ``start`` (separated by spaces only), and where it starts."""
    j = start - 1
    if j < 0 or text[j] != " ":
        return None
    if j > 0 and text[j - 1] != " ":  # fast path: one space, then a plain word after a space
        k = text.rfind(" ", 0, j - 1)
        w = text[k + 1:j]
        if k >= 0 and w.isalnum():
            return (w, k + 1) if w[0].isalpha() else None
    while j >= 0 and text[j] == " ":
        j -= 1
    k = j
    while k >= 0 and (text[k].isalnum() or text[k] in "'’.-"):
        k -= 1
    if k == j or not text[k + 1].isalpha():
        return None
    return text[k + 1:j + 1], k + 1


def _opens_sentence(text: str, start: int) -> bool:
    """At most an article and one word before ``start`` in its sentence ("Le Jamaïcain", "El español")."""
    i = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("- ", 0, start))
    return len(text[i + 1:start].split()) <= 2


def _sentence_initial(text: str, start: int, seg_start: int) -> bool:
    i = start - 1
    while i >= seg_start and text[i] == " ":
        i -= 1
    return i < seg_start or text[i] in _SENT_END or text[i] in "-–—\n"


class RegionTagger:
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or get_gazetteer()
        self._supra = frozenset(k for k in self.gaz.countries if self.gaz.is_supranational(k))
        self._words: set[str] = set()
        # lang -> (memo of mixed-case text, memo of caseless text): surface -> _filter(); the surface
        # decides the key (it folds to it), so neither the key nor a tuple is needed to look it up
        self._memo: dict[str, tuple[dict[str, tuple], dict[str, tuple]]] = {}
        self._static: dict[tuple[str, str], tuple] = {}
        self._titles: dict[str, frozenset[str]] = {}
        self._ncands: dict[int, int] = {}  # key index -> number of candidates in the gazetteer
        # dateline geocoding, memoised: (city, qualifier) -> the country codes its result can depend on,
        # and (city, qualifier, lang, prior, context & those codes) -> (country, coordinates)
        self._geo_codes: dict[tuple[str, str | None], frozenset[str]] = {}
        self._geo_memo: dict[tuple, tuple[str | None, tuple[float, float] | None]] = {}
        # the small-town table for datelines, loaded now rather than on the first dateline that needs it
        # (Reuters copy has one every few dozen stories): a worker's warm-up pays the load (~30 ms,
        # ~13 MB) and freezes the table with the rest, so no dispatch in flight waits for it
        self.gaz.load_towns()

    # ------------------------------------------------------------------------------------------
    def tag(self, parsed: ParsedDispatch, *, source: str | None = None) -> list[dict[str, Any]]:
        gaz = self.gaz
        paragraphs = [p if _normal(p) else " ".join(p.split())
                      for p in (parsed.paragraphs or []) if p and not p.isspace()]
        headline = parsed.headline or ""
        if not _normal(headline):
            headline = " ".join(headline.split())
        dl = parsed.dateline
        city = dl.city if dl else None
        qualifier = None
        for attr in ("qualifier", "region", "state", "country_name"):
            q = getattr(dl, attr, None) if dl else None
            if isinstance(q, str) and q.strip():
                qualifier = q.strip()
                break
        if city and "," in city:
            city, _, q = city.partition(",")
            qualifier = qualifier or q.strip() or None
        if not city and paragraphs:  # the parser missed it: "HOUSTON, Feb 26 - ..."
            m = _LEAD_DATELINE.match(paragraphs[0])
            if m and m.group(1).strip().upper() == m.group(1).strip():
                city = m.group(1).strip()
                qualifier = qualifier or (m.group(2).strip() if m.group(2) else None)
                paragraphs[0] = paragraphs[0][m.end():]
        lang = (parsed.language or "").lower()[:2] or guess_language(" ".join([headline] + paragraphs[:2]))
        prior = _home_prior(source, lang)

        # ---- one text, zones --------------------------------------------------------------------
        parts: list[tuple[str, str]] = []
        if headline:
            parts.append(("h", headline))
        if paragraphs:
            lead = paragraphs[0]
            rest = paragraphs[1:]
            if len(paragraphs) == 1 and len(lead) > 600:  # unsplit body: the first sentence(s) are the lead
                cut = lead.find(". ", 200)
                if 0 < cut < 600:
                    rest = [lead[cut + 2:]]
                    lead = lead[:cut + 1]
            parts.append(("l", lead))
            parts.extend(("b", p) for p in rest)
        segs: list[tuple[int, int, str, bool]] = []
        buf: list[str] = [" "]
        pos = 1
        for zone, s in parts:
            segs.append((pos, pos + len(s), zone, _is_caseless(s)))
            buf.append(s)
            buf.append("\n\n")
            pos += len(s) + 2
        text = "".join(buf)
        folded = fold(text, ".")  # full stops kept: "u.s.", "calif."

        cue_hits: list[tuple[int, int, tuple[int, ...]]] = []
        matches = self._scan(text, folded, segs, lang, cue_hits)  # selected: leftmost-longest, no vetoes
        self._language_sense(folded, matches)
        self._persons(text, folded, matches, segs, lang)
        self._orgs(text, matches)
        cues = _cues(folded, cue_hits)
        self._contexts(text, folded, matches, lang, cues)
        matches = [m for m in matches if m.cands]
        self._qualifiers(text, matches)

        # ---- dateline ------------------------------------------------------------------------
        dl_code, dl_coords, dl_surface = None, None, None
        context: set[str] = set()
        for m in matches:
            if m.code:
                context.add(m.code)
            elif not m.weak and not m.national:  # a person's nationality says nothing of the places
                cands = m.cands
                if len(cands) == 1:
                    if cands[0].kind != "V":
                        context.add(cands[0].code)
                    continue
                codes = {c.code for c in cands if c.kind != "V"}
                if len(codes) == 1:
                    context.add(next(iter(codes)))
        if city:
            dl_code, dl_coords = self._geocode(city, qualifier, lang, context, prior)
            dl_surface = city
            if dl_code:
                context.add(dl_code)
        # the dateline's country breaks ties first ("l'unique raffinerie du Congo" filed from Brazzaville)
        self._resolve(matches, context, ((dl_code,) + prior) if dl_code else prior, lang)

        # ---- aggregate -----------------------------------------------------------------------
        per: dict[str, _Country] = {}
        text_len = max(1, len(text))
        # "entre Ecuador y Perú", "Saudi Arabia and Russia": two countries named as one actor
        pairs = []
        prev = None
        for m in matches:
            if not m.code or m.minor or m.org or m.weak or m.kind not in "CM" or m.zone == "b":
                prev = None
                continue
            if prev is not None and prev.code != m.code and text[prev.end:m.start] in _AND:
                pairs.append((prev.code, m.code))
            prev = m
        for m in matches:
            if not m.code:
                continue
            c = per.get(m.code)
            if c is None:
                c = per[m.code] = _Country(m.code)
            cand = None
            for x in m.cands:
                if x.code == m.code:
                    cand = x
                    break
            kw = KIND_WEIGHT.get(m.kind, 0.6)
            if m.kind == "P" and cand is not None and cand.capital:
                kw = CAPITAL_WEIGHT
            if cand is not None and cand.weak:
                kw *= 0.3
            w = kw * ZONE_MULT[m.zone]
            if m.weak:
                w *= 0.5
            if m.org:
                w *= ORG_WEIGHT
                c.org = True
            if m.minor:
                w *= MINOR_WEIGHT
            c.weight += w
            c.mentions += 1
            if not m.weak and not (cand is not None and cand.weak) and not (m.org and ORG_WEIGHT < 1):
                c.strong = True
                if not m.minor:
                    c.major = True
                    if not m.national:
                        c.national_only = False
                        if m.zone == "h" and m.kind != "D":
                            c.headline_place = True
                    c.first = min(c.first, m.start / text_len)
                    if m.zone == "h":
                        c.headline = True
                    elif m.zone == "l":
                        c.lead = True
                    if m.national and m.zone in "hl" and not any(x.protagonist for x in per.values()) \
                            and _opens_sentence(text, m.start) and (m.zone == "h" or not _SENT_BREAK.search(
                                text, next(a for a, b, z, _ in segs if z == "l"), m.start)):
                        c.protagonist = True  # "Le Jamaïcain Usain Bolt a conservé ...": the sentence's subject
            if m.zone == "h" and m.code in self._supra:
                c.headline = True  # "Bruxelles propose ...": Brussels for the EU, named elsewhere too
            if m.surface not in c.evidence:
                c.evidence.append(m.surface)
            if m.place >= 0 and c.coords is None:
                p = gaz.places[m.place]
                c.coords = (p[3], p[4])
        extra = []
        for t in _RIC_TAIL.finditer(text):  # cheap: a dot, capitals, a closing bracket; then the code
            head = _RIC.search(text, max(0, t.start() - 11), t.end())
            if head is not None and head.end() == t.end():
                extra.append((head, RIC_EXCHANGE.get(head.group(1)), TICKER_WEIGHT))
        if cues[3]:  # a currency word in the copy
            for t in _AMOUNT_CURRENCY.finditer(text):
                extra.append((t, _CURRENCY_OF.get(t.group(1).lower()), CURRENCY_WEIGHT))
        if extra:
            for t, code, weight in extra:
                if not code:
                    continue
                c = per.get(code)
                if c is None:
                    c = per[code] = _Country(code)
                zone = next((z for a, b, z, _ in segs if a <= t.start() < b), "b")
                # evidence, but light: a listing says where the firm trades, not where the story is;
                # an amount in yen or franchi says which economy, not that the story is about it
                c.weight += weight * ZONE_MULT[zone]
                c.mentions += 1
                c.strong = c.major = c.economic = True
                c.national_only = False
                c.first = min(c.first, t.start() / text_len)
                ev = t.group(0) if weight == TICKER_WEIGHT else t.group(1)
                if ev not in c.evidence:
                    c.evidence.append(ev)
        per = {k: v for k, v in per.items() if v.strong or v.org}
        if dl and dl_code:
            dl.country = dl_code

        top = max((c.weight for c in per.values() if c.major), default=0.0)
        out: list[dict[str, Any]] = []
        roles: dict[str, str] = {code: self._role(c, top, code == dl_code) for code, c in per.items()}
        supra = {k for k in per if k in self._supra}
        for k in supra:  # the EU is a subject only when the headline names it
            if roles[k] == "subject" and not per[k].headline:
                roles[k] = "mentioned"
        placed = {k for k, c in per.items() if c.headline_place}
        for k, c in per.items():  # a nationality does not beat a place named in the headline
            if c.national_only and roles[k] == "subject" and placed - {k} and not c.headline_place:
                c.protagonist = False  # "Detenido un narcotraficante colombiano en Málaga"
                roles[k] = "dateline" if k == dl_code else "mentioned"
            if c.protagonist and roles[k] == "subject" and placed - {k} and not c.headline:
                c.protagonist = False
                roles[k] = self._role(c, top, k == dl_code)
        if not dl_code and not any(r == "subject" for r in roles.values()):
            # no dateline and nothing reaches a subject: the country that leads the headline or the
            # lead, clearly ahead of the others, is the subject ("Le procès se tient à Paris")
            ranked = sorted(((c.weight, k) for k, c in per.items() if c.major and (c.headline or c.lead)
                             and k not in supra and not c.national_only),
                            reverse=True)
            if ranked and ranked[0][0] >= LEAD_ALONE_WEIGHT:
                # the leaders (two at most, within LEAD_ALONE_MARGIN of each other: "El papa Francisco
                # recibió al presidente de Argentina"), clearly ahead of every other country
                lead = [k for w, k in ranked if w * LEAD_ALONE_MARGIN >= ranked[0][0] and w >= LEAD_ALONE_WEIGHT]
                rest = max((c.weight if (c.headline or c.lead) else c.weight * BODY_ONLY
                            for k, c in per.items() if c.major and k not in lead), default=0.0)
                if len(lead) <= 2 and min(per[k].weight for k in lead) >= LEAD_ALONE_MARGIN * rest:
                    for k in lead:
                        roles[k] = "subject"
        for a, b in pairs:  # coordinated with a subject: a subject too ("entre Ecuador y Perú")
            for x, y in ((a, b), (b, a)):
                if roles.get(x) == "subject" and roles.get(y) in ("mentioned", "dateline") and per[y].major:
                    roles[y] = "subject"
        if not dl_code and not any(r == "subject" for r in roles.values()):
            # one country only, named anywhere: the story is about it ("150'000 franchi", "Taranto")
            single = [k for k, c in per.items() if c.major and k not in supra]
            if len(single) == 1 and not per[single[0]].national_only and (
                    per[single[0]].weight >= SINGLE_WEIGHT or per[single[0]].economic):
                roles[single[0]] = "subject"
        if dl_code and not any(r == "subject" for r in roles.values()):
            # a story filed from a place and about nothing bigger elsewhere is about that place
            # ("Wolfsburg (dpa-AFX) - Volkswagen ...", "MADRID, 7 Sep. - El Ibex ..."): the dateline
            # country is the subject unless another country weighs more in the text
            own = per[dl_code].weight if dl_code in per else 0.0
            others = max((c.weight for k, c in per.items() if k != dl_code and c.major and not c.national_only
                          and k not in self._supra), default=0.0)  # a player's nationality places nothing
            if own + DATELINE_WEIGHT >= others:
                roles[dl_code] = "subject"
        for code, c in per.items():
            role = roles[code]
            sal = 1.0 - math.exp(-c.weight / 3.0)
            score = {"subject": 0.5 + 0.5 * sal, "dateline": 0.3 + 0.2 * sal, "mentioned": 0.45 * sal}[role]
            r = self._region(code, role, score, lang, c.mentions, c.evidence,
                             dl_coords if code == dl_code else None)
            r["salience"] = {"weight": round(c.weight, 3), "headline": c.headline, "lead": c.lead,
                             "share": round(c.weight / top, 3) if top else 0.0, "first": round(c.first, 3)}
            out.append(r)
        if dl_code and dl_code not in per:
            role = roles.get(dl_code, "dateline")
            out.append(self._region(dl_code, role, 0.5 if role == "subject" else 0.3, lang, 0, [], dl_coords))
        if prior and not dl_code and not any(r["role"] == "subject" for r in out) and (headline or paragraphs) \
                and not any(r["code"] == prior[0] for r in out):
            # nothing places the story: the source's home market is kept as a weak hint only, never as
            # a subject (no evidence in the text): role "hint", "prior": true, no evidence
            r = self._region(prior[0], "hint", 0.1, lang, 0, [], None)
            r["prior"] = True
            out.append(r)
        for r in out:
            if r["code"] == dl_code and dl_surface:
                r["evidence"] = [dl_surface] + [e for e in r["evidence"] if e != dl_surface]
                r["dateline"] = True
        out.sort(key=lambda r: (-r["score"], r["code"]))
        return out

    @staticmethod
    def _role(c: _Country, top: float, is_dateline: bool) -> str:
        if not c.major:  # only inside firms' names, comparisons, victims' or opponents' nationalities
            return "dateline" if is_dateline else "mentioned"
        share = c.weight / top if top else 0.0
        if c.protagonist and share >= SUBJECT_SHARE:
            return "subject"  # "Le Jamaïcain Usain Bolt a conservé son titre ...": the story's person
        if c.headline and share >= SUBJECT_SHARE / 2:
            return "subject"
        if c.weight >= SUBJECT_BODY_WEIGHT and share >= SUBJECT_SHARE:
            return "subject"
        if c.lead and c.weight >= SUBJECT_LEAD_WEIGHT and c.weight >= SUBJECT_SHARE * top:
            return "subject"
        return "dateline" if is_dateline else "mentioned"

    # ------------------------------------------------------------------------------------------
    def _region(self, code: str, role: str, score: float, lang: str, mentions: int, evidence: list[str],
                coords: tuple[float, float] | None) -> dict[str, Any]:
        gaz = self.gaz
        static = self._static.get((code, lang))
        if static is None:
            region, sub = gaz.m49_info(code, lang)
            static = self._static[(code, lang)] = (gaz.country_name(code, "en"), gaz.country_name(code, lang),
                                                   region, sub)
        name, name_local, region, sub = static
        d: dict[str, Any] = {
            "code": code, "role": role, "score": round(min(1.0, max(0.0, score)), 3),
            "name": name, "name_local": name_local,
            "m49_region": dict(region) if region else None, "m49_subregion": dict(sub) if sub else None,
            "mentions": mentions, "evidence": list(evidence),
        }
        if coords:
            d["coordinates"] = {"lat": coords[0], "lon": coords[1]}
        if code in self._supra:
            d["kind"] = "supranational"  # the EU: its own code, never one of its member states
        return d

    def _scan(self, text: str, folded: str, segs: list[tuple[int, int, str, bool]], lang: str,
              cue_hits: list[tuple[int, int, tuple[int, ...]]]) -> list[_Match]:
        """Automaton hits on word boundaries that fit casing and language, leftmost-longest, no vetoes.

        Hits are kept as light tuples until the leftmost-longest selection; only the survivors
        become :class:`_Match` objects.  The cue words found in the same pass go to ``cue_hits``
        as ``(end, length, kinds)``.
        """
        gaz = self.gaz
        allcap = gaz.allcap
        n = len(folded)
        memos = self._memo.get(lang)
        if memos is None:
            memos = self._memo[lang] = ({}, {})
        filt = self._filter
        hits: list[tuple] = []
        append = hits.append
        seg_i = 0
        nseg = len(segs)
        seg = segs[0] if segs else (0, 0, "", False)
        s0, s1, _, caseless = seg
        memo = memos[1] if caseless else memos[0]
        cue_kinds = gaz.cue_kinds
        nkeys = len(allcap)
        for ki, start, end in gaz.automaton.find_matches_as_indexes(folded, overlapping=True):
            if ki >= nkeys:  # a cue word (cues.CUE_WORDS): (end, length, kinds)
                cue_hits.append((end - 1, end - start, cue_kinds[ki - nkeys]))
                continue
            start += 1  # the key was matched with its leading space
            if allcap[ki] and text[start].islower():
                continue  # "nice", "split", "bar": not capitalised, not the place
            if end < n and folded[end].isalnum():
                continue
            if start >= s1:
                while seg_i + 1 < nseg and start >= segs[seg_i][1]:
                    seg_i += 1
                seg = segs[seg_i]
                s0, s1, _, caseless = seg
                memo = memos[1] if caseless else memos[0]
            if start < s0 or end > s1:
                continue
            surface = text[start:end]
            hit = memo.get(surface)
            if hit is None:
                hit = filt(ki, surface, caseless, lang)
                if len(memo) > 100_000:
                    memo.clear()
                memo[surface] = hit
            if hit[0]:
                append(((start << 8) - (end - start), start, end, ki, surface, seg, hit))
        if len(hits) > 1:
            hits.sort(key=_FIRST)
        out: list[_Match] = []
        last_end = -1
        for _, start, end, ki, surface, seg, hit in hits:
            if start < last_end:
                continue
            last_end = end
            cands, weak, check_initial, kinds, veto = hit
            if veto:
                continue  # a veto ("Latin America") consumes its span
            initial = check_initial and _sentence_initial(text, start, seg[0])
            out.append(_Match(start, end, ki, seg[2], seg[3], cands, surface, weak or initial,
                              kinds=kinds, initial=initial))
        return out

    def _filter(self, ki: int, surface: str, caseless: bool, lang: str) -> tuple:
        """The candidates of key ``ki`` that fit this surface form, casing and language (memoised).

        Returns (candidates, weak, check_sentence_initial, kinds, has_veto).
        """
        acronym = not caseless and len(surface) <= 5 and surface.isupper()
        cands = []
        weak = check_initial = False
        for c in self.gaz.cands[ki]:
            if c.langs and lang not in c.langs:
                continue
            if c.exact is not None:
                if surface != c.exact and not (caseless and surface.upper() == c.exact.upper() and c.kind != "Q"):
                    continue
            elif c.cap and not caseless and surface[:1].islower():
                continue
            elif acronym and c.kind in "PSK":
                continue  # "ICO", "BAR": an acronym, not the town
            if c.common and lang in c.common:
                if caseless:
                    if c.kind in "PS":
                        continue
                    weak = True
                elif c.kind == "P":
                    check_initial = True
            cands.append(c)
        kinds = frozenset(c.kind for c in cands)
        return tuple(cands), weak, check_initial, kinds, "V" in kinds

    @staticmethod
    def _language_sense(folded: str, matches: list[_Match]) -> None:
        """Demonyms used as language names: "English-language", "French-speaking", "en anglais"."""
        for m in matches:
            if m.kinds != _D_ONLY or not m.cands or not all(c.kind == "D" for c in m.cands):
                continue
            after = folded[m.end:m.end + 14]
            if _LANG_AFTER.match(after):
                m.cands = []
                continue
            before = folded[max(0, m.start - 5):m.start]
            if _LANG_BEFORE.search(before) and (m.end >= len(folded) or not folded[m.end:m.end + 2].strip(" ")[:1].isalpha()):
                m.cands = []

    def _orgs(self, text: str, matches: list[_Match]) -> None:
        """Names inside a firm's name: "American Express Co", "The Japan Fund Inc", "Banco de Chile SA".

        They still count, but weakly; an all-caps headline naming the same firm counts weakly too.
        """
        org_keys: set[int] = set()
        gaz = self.gaz
        for m in matches:
            if m.caseless or not m.cands:
                continue
            if m.kinds <= _TOWN_ONLY and text[m.start - 4:m.start - 1].lstrip() in _PARTICLES:
                # "Agostinho do Rosário", "Universidade de São Paulo": a town after a name and a
                # particle belongs to that name (a person's or an institution's), not the place
                pm = _PARTICLE_BEFORE.search(text, max(0, m.start - 40), m.start)
                if pm and gaz.key_index(pm.group(1)) is None and pm.group(1).lower() not in _MODIFIERS:
                    m.org = True
                    continue
            if text[m.end:m.end + 1] not in _ORG_NEXT:
                continue  # both patterns need a space, a hyphen or a comma right after the name
            second = text[m.end + 1:m.end + 2]  # cheap pre-checks: most names go on with neither
            tail = (second in _ORG_SECOND and _ORG_TAIL.match(text, m.end)) or (
                second in _CURRENCY_FIRST and _CURRENCY.match(text, m.end)
                and _AMOUNT_BEFORE.search(text, max(0, m.start - 20), m.start))
            if tail:
                m.org = True
                org_keys.add(m.key_idx)
        if org_keys:
            plain = {m.key_idx for m in matches if not m.caseless and not m.org and m.cands}
            for m in matches:
                if m.caseless and m.key_idx in org_keys and m.key_idx not in plain:
                    m.org = True

    def _contexts(self, text: str, folded: str, matches: list[_Match], lang: str,
                  cues: tuple[bool, bool, bool, bool]) -> None:
        """Mentions that cannot make a subject: comparisons, victims' and opponents' nationalities.

        * a country right after a comparison (``wie in Frankreich``, ``comme en France``);
        * a demonym used for a person (``l'Américain Justin Gatlin``, ``el español Rafael Nadal``,
          ``un Américain de 15 ans``): the first such nationality in the story (the protagonist's,
          in sport the winner's) counts; later ones are opponents and count as mentions only;
          a nationality in a sentence about deaths or injuries is a victim's;
        * German language names written as nouns (``Deutsch``, ``Griechisch``: school subjects,
          languages), which are no demonyms.
        """
        first_national: str | None = None
        last_end: dict[int, _Match] = {}
        # most copy compares nothing, beats nobody: the per-mention look-ups are skipped then
        # (a cue counts when it occurs in the folded copy and a word of the copy starts like it)
        similar, beaten, hurt = cues[:3]  # whether the copy speaks of deaths or injuries at all
        for m in matches:
            last_end[m.end] = m
            if not m.cands:
                continue
            before = text[max(0, m.start - 30):m.start]
            if _compared(before):
                m.minor = "comparison"
                continue
            if similar and m.zone != "h":
                w0 = max(0, m.start - 80)
                w0 = max([w0] + [b.end() for b in _SENT_BREAK.finditer(text, w0, m.start)])
                if _SIMILAR.search(text, w0, m.start):
                    m.minor = "comparison"  # "Una misura simile è in vigore da tempo in Francia"
                    continue
            if m.kinds <= _PLACE_KINDS:
                words = before.split()[-4:]
                if words and words[-1].lower() in ("de", "di", "of", "from", "aus", "do", "da") and len(words) >= 2 \
                        and words[-2].lower() in _TEAM:
                    m.org = True  # "el equipo de Río de Janeiro": a team's home town
                    continue
            if m.kinds <= _TOWN_KINDS:
                if len(words) >= 2 and words[-1].lower() in _VENUE_PREP and (
                        words[-2].lower() in _VENUE or (len(words) >= 3 and words[-3].lower() in _VENUE)):
                    m.minor = "venue"  # "at a meeting in Vienna": where they met
                    continue
            if beaten and m.kinds <= _COUNTRY_KINDS and _BEAT_NEAR.search(text, max(0, m.start - 20), m.start):
                m.minor = "opponent"  # "en battant l'Egypte", "Brazil beat Argentina 2-0"
                continue
            if m.kinds != _D_ONLY or not all(c.kind == "D" for c in m.cands):
                continue
            surface = m.surface
            if lang == "de" and surface[:1].isupper() and (surface.endswith("isch") or surface == "Deutsch"):
                m.cands = []  # "Griechisch", "Deutsch": a language or a school subject
                continue
            after = _WORD_AFTER.match(text, m.end, min(len(text), m.end + 40))
            nxt = after.group(1) if after else ""
            person = False
            prev = _word_before(text, m.start)
            if (lang in ("es", "it", "pt", "fr") and surface[:1].islower() and prev and prev[0].lower() in _PERSON_NOUN) \
                    or (lang in ("en", "de") and nxt.lower() in _PERSON_NOUN):
                person = True  # "un narcotraficante colombiano", "a French tourist", "ein deutscher Urlauber"
            elif lang in ("es", "it", "pt", "fr") and surface[:1].islower() and prev and prev[0][:1].isupper() \
                    and not _sentence_initial(text, prev[1], 0) and (
                        self.gaz.key_index(prev[0]) is None
                        or (m.start - 1 in last_end and last_end[m.start - 1].kinds <= _TOWN_KINDS)):
                person = True  # "el Fluminense brasileño": the nationality of the named team or person
            if nxt[:1].isupper() and nxt.lower() not in _OFFICE_AFTER and not m.caseless:
                person = True  # "l'Américain Justin Gatlin", "American Frances Tiafoe", "germano Alexander"
            elif _article_before(before) and (surface[:1].isupper() or lang in ("es", "it", "pt")) \
                    and nxt.lower() not in _OFFICE_AFTER and not m.caseless:
                # "un Américain de quinze ans", "le Canadien", "el español", "der Norweger"
                person = True  # Romance adjectives follow their noun: an article right before is a noun
            if not person:
                continue
            m.national = True
            if _opponent_before(before) or (beaten and _BEAT.search(text, max(0, m.start - 60), m.start)):
                m.minor = "opponent"  # "face à l'Américain Tiafoe", "against Canadian Andre De Grasse"
                named = last_end.get(m.start - 1)
                if named is not None and text[m.start - 1] == " ":
                    named.minor = "opponent"  # "al Santos brasileño": a club named after its town
                continue
            s0 = max((x.end() for x in _SENTENCE_STOP.finditer(text, max(0, m.start - 200), m.start)), default=0)
            stop = _SENTENCE_STOP.search(text, m.end)
            s1 = stop.start() if stop else len(text)
            if hurt and _VICTIM.search(text, s0, s1):
                m.minor = "victim"
                continue
            codes = {c.code for c in m.cands}
            if first_national is None:
                first_national = next(iter(codes)) if len(codes) == 1 else ""
            elif first_national not in codes:
                m.minor = "opponent"

    def _persons(self, text: str, folded: str, matches: list[_Match], segs, lang: str) -> None:
        gaz = self.gaz
        titles = self._titles.get(lang)
        if titles is None:
            titles = self._titles[lang] = gaz.titles.get(lang, frozenset()) | gaz.titles.get("en", frozenset())
        person_keys: set[int] = set()
        match_ends = {m.end for m in matches}
        by_start = {m.start: m for m in matches}
        surnames: set[int] = set()
        for m in matches:
            if m.caseless or not m.surface[:1].isupper():
                continue
            kinds = m.kinds
            if kinds <= _NON_PERSON_KINDS:
                continue
            key = gaz.keys[m.key_idx]
            person_like = key in gaz.person_like
            before = _word_before(text, m.start)
            is_person = False
            nc = text[m.end:m.end + 1]  # the patterns below start with "-", " " or "'"
            if nc == "-" and kinds <= _TOWN_ONLY and _HYPHEN_NAME.match(text, m.end) and gaz.key_index(
                    _HYPHEN_NAME.match(text, m.end).group(1)) is None:
                is_person = True  # "Bristol-Myers", "Hewlett-Packard": a firm
            if before:
                w, w_start = before
                if w in titles or w.rstrip(".") in titles or (w + ".") in titles:
                    is_person = True
                elif w in gaz.given_names:
                    is_person = True
                elif (w[:1].isupper() and "P" in kinds and kinds <= _TOWN_ONLY
                      and w_start + len(w) not in match_ends  # the word before is not a place
                      and w.rstrip(".").lower() not in _MODIFIERS and not _sentence_initial(text, w_start, 0)
                      and gaz.key_index(w) is None):
                    is_person = True  # "Wells Fargo", "Chase Manhattan"
            if not is_person and nc == " " and kinds <= _TOWN_ONLY and _SPEECH_AFTER.match(text, m.end):
                is_person = True  # "Lawson said", "Lawson has told": a town name speaking is a person
            if not is_person and nc in _AFTER_NEXT and (person_like or m.surface in gaz.given_names):
                after = _WORD_AFTER.match(text, m.end, min(len(text), m.end + 40))
                if after and after.group(1)[:1].isupper() and after.group(1).lower() not in _NOT_SURNAME:
                    w = after.group(1)
                    nxt = by_start.get(after.start(1))
                    if nxt is None and gaz.key_index(w) is None:
                        is_person = True  # "Paris Hilton"
                    elif nxt is not None and nxt.kinds <= _TOWN_KINDS:
                        is_person = True  # "Jordan Henderson": Henderson is a town, here a surname
                        surnames.add(nxt.key_idx)
            if is_person:
                person_keys.add(m.key_idx)
        person_keys |= surnames
        if person_keys:
            for m in matches:
                if m.key_idx in person_keys and not m.caseless:
                    m.cands = [c for c in m.cands if c.kind == "D"]

    def _qualifiers(self, text: str, matches: list[_Match]) -> None:
        for i, m in enumerate(matches):
            if i + 1 >= len(matches):
                break
            n = matches[i + 1]
            if n.start - m.end > 3:
                continue  # text is normalised: single spaces within a segment, "\n\n" between segments
            between = text[m.end:n.start]
            if between.strip() not in (",", "(") or "\n" in between:
                continue  # "Cambridge, Mass.", "Paris (Texas)"
            # m must be a town (not a country: "Britain, Canada" is a list) ...
            if not any(c.kind == "P" for c in m.cands) or any(c.kind in "CMD" for c in m.cands):
                continue
            # ... and n a state abbreviation, a state, or a country (not another town: "Paris, London")
            n_places = {c.code for c in n.cands if c.kind == "P"}
            ncodes = {c.code for c in n.cands if c.kind in "QSC" or (c.kind in "KM" and c.code not in n_places)}
            if len(ncodes) != 1:
                continue
            code = next(iter(ncodes))
            if not any(c.code == code for c in m.cands) and not any(c.kind == "Q" for c in n.cands):
                continue
            m.code = code
            m.qualified = True
            m.kind = next((c.kind for c in m.cands if c.code == code), "P")
            p = [c for c in m.cands if c.code == code and c.place >= 0]
            m.place = p[0].place if p else -1
            n.qualifier_of = i
        # "Sunnyvale, CA": two-letter postal codes after a town
        postal = self.gaz.postal
        for m in matches:
            if m.qualified or text[m.end:m.end + 1] != ",":
                continue
            if not any(c.kind == "P" for c in m.cands) or any(c.kind in "CMD" for c in m.cands):
                continue
            pm = _POSTAL.match(text, m.end)
            if pm and pm.group(1) in postal:
                code = postal[pm.group(1)]
                p = [c for c in m.cands if c.code == code and c.place >= 0]
                m.code, m.qualified, m.kind, m.place = code, True, "P", (p[0].place if p else -1)
        # qualifier-only abbreviations that qualify nothing are dropped
        for m in matches:
            if m.qualifier_of is None and m.cands[0].kind == "Q" and all(c.kind == "Q" for c in m.cands):
                m.cands = []

    def _pick(self, cands: Iterable[Candidate], context: set[str], prior: tuple[str, ...],
              local: frozenset[str] = frozenset()) -> Candidate | None:
        """Resolve one name: country-level names first, then towns by context, population, prior.

        ``local``: countries whose states/provinces the story names ("Ontario"): a big town
        there beats a foreign capital of the same name ("London").
        """
        cands = [c for c in cands if c.kind != "V"]
        if not cands:
            return None
        level = [c for c in cands if c.kind in "CKMDS"]
        if level and all(c.kind == "K" for c in level):
            # a capital's name that is mostly another country's big town ("Hamilton": Bermuda's
            # capital of 900 people, a city of 570,000 in Canada): decide between towns instead
            places = self.gaz.places
            kcodes = {c.code for c in level}
            own = max((places[c.place][2] for c in cands if c.kind == "P" and c.code in kcodes and c.place >= 0),
                      default=0)
            other = max((places[c.place][2] for c in cands if c.kind == "P" and c.code not in kcodes
                         and c.place >= 0), default=0)
            if own and other > max(5 * own, 100_000):
                level = []
                cands = [c for c in cands if c.kind == "P"]
        if level:
            codes = []
            for c in level:
                if c.code not in codes:
                    codes.append(c.code)
            if local and all(c.kind == "K" for c in level) and not any(k in context for k in codes):
                # "London" in a story about Ontario: a big town of a state/province named in the story
                places = self.gaz.places
                alt = [c for c in cands if c.kind == "P" and c.code in local and c.place >= 0
                       and places[c.place][2] >= CONTEXT_TOWN]
                if alt:
                    return max(alt, key=lambda c: places[c.place][2])
            if len(codes) == 1:
                return level[0]
            # the places named in the story, then the home market; then a country's own name
            # before a sub-national unit of another ("Zaire": DR Congo's old name, an Angolan province)
            rank = {}
            for c in level:
                rank[c.code] = max(rank.get(c.code, 0), 0 if c.kind == "S" else 1)
            supra = self._supra.intersection(codes).intersection(context)
            if supra:
                return next(c for c in level if c.code in supra)  # "EU-Gipfel in Brüssel": the EU
            best = max(codes, key=lambda k: (k in context, k in prior, rank[k]))
            return next(c for c in level if c.code == best)
        places = self.gaz.places

        def score(c: Candidate) -> float:
            pop = places[c.place][2] if c.place >= 0 else 0
            return (math.log10(pop + 10) + (1.2 if c.code in context else 0.0) + (0.4 if c.code in prior else 0.0)
                    + (0.5 if c.capital else 0.0))

        return max(cands, key=score)

    def _resolve(self, matches: list[_Match], context: set[str], prior: tuple[str, ...], lang: str) -> None:
        picked: dict[int, Candidate | None] = {}
        # made on first use (most stories need no _pick); the loop below changes no match of _S_ONLY
        # kinds, so it is the same set as one made before the loop
        local: frozenset[str] | None = None
        ncands = self._ncands
        home = LANG_MARKETS.get(lang, ())
        for m in matches:
            if m.code or not m.cands:
                continue
            nall = ncands.get(m.key_idx)
            if nall is None:
                nall = ncands[m.key_idx] = len(self.gaz.cands[m.key_idx])
            full = len(m.cands) == nall
            c = picked.get(m.key_idx, _MISSING) if full else _MISSING
            if c is _MISSING and len(m.cands) == 1 and m.cands[0].kind != "V":
                c = m.cands[0]  # what _pick returns for a single candidate
            elif c is _MISSING:
                if local is None:
                    local = frozenset(x.cands[0].code for x in matches if x.kinds == _S_ONLY and x.cands
                                      and not x.weak and all(y.kind == "S" for y in x.cands))
                c = self._pick(m.cands, context, prior, local)
                if full:
                    picked[m.key_idx] = c
            if c is None:
                continue
            m.code, m.kind, m.place = c.code, c.kind, c.place
            if c.kind == "P" and not m.qualified:
                # a town alone is weak evidence: it needs its country named elsewhere, unless it is
                # a big city or a capital written in mixed case and not a common word
                pop = self.gaz.places[c.place][2] if c.place >= 0 else 0
                common = bool(c.common) and lang in c.common
                if common and (m.caseless or m.initial or (lang in _NOUN_CAPS and pop < BIG_CITY)):
                    m.code = None  # "Reading the market", "Mobile phone makers", German "Bar": a word
                    continue
                if m.caseless or (pop < BIG_CITY and not c.capital and not (
                        c.code in home and not common and len({x.code for x in m.cands}) == 1
                        and self.gaz.keys[m.key_idx] not in self.gaz.person_like)):
                    # a small town needs its country named elsewhere, unless it can only be a town of
                    # the country whose language the story is written in ("Sanremo" in Italian copy)
                    m.weak = True
                elif common and pop < (1_000_000 if lang in _NOUN_CAPS else 500_000):
                    m.weak = True  # "Orange", "Tours", German "Essen": needs the country named elsewhere
            if m.place < 0 and c.kind in "KM":
                pl = [x for x in m.cands if x.code == c.code and x.place >= 0]
                if pl:
                    m.place = pl[0].place
        # weak matches (common words in all-caps text) count only when the country is named elsewhere
        strong = {m.code for m in matches if m.code and not m.weak}
        for m in matches:
            if m.weak and m.code not in strong:
                m.code = None

    def _geocode(self, city: str, qualifier: str | None, lang: str, context: set[str],
                 prior: tuple[str, ...]) -> tuple[str | None, tuple[float, float] | None]:
        """Country and coordinates of the dateline city (memoised: see :meth:`_geocode_raw`)."""
        codes = self._geo_codes.get((city, qualifier))
        if codes is not None:
            key = (city, qualifier, lang, prior, codes.intersection(context))
            got = self._geo_memo.get(key)
            if got is None:
                got = self._geo_memo[key] = self._geocode_raw(city, qualifier, lang, context, prior)[0]
            return got
        got, codes = self._geocode_raw(city, qualifier, lang, context, prior)
        if len(self._geo_memo) > 50_000:
            self._geo_memo.clear()
            self._geo_codes.clear()
        self._geo_codes[(city, qualifier)] = codes
        self._geo_memo[(city, qualifier, lang, prior, codes.intersection(context))] = got
        return got

    def _geocode_raw(self, city: str, qualifier: str | None, lang: str, context: set[str],
                     prior: tuple[str, ...]) -> tuple[tuple[str | None, tuple[float, float] | None], frozenset[str]]:
        """Country and coordinates of the dateline city, and the codes of every candidate looked at
        (the result depends on ``context`` only through them).

        A qualifier decides (``BAIDOA (Somalie)``, ``PRESCOTT VALLEY, Ariz.``, ``DENVER, Colorado``,
        ``Gaza (Territoires palestiniens)``); an ambiguous qualifier is read with the city
        (``KINSHASA, Congo``: the Congo that has a Kinshasa).  Otherwise the city's own candidates
        (then the small-town table) are resolved by the places named in the story, population and
        the source's home market.
        """
        gaz = self.gaz
        cands = list(gaz.lookup(city))
        if not cands and city.split(" ", 1)[0].islower() and " " in city:
            city = city.split(" ", 1)[1]  # "c CHICAGO": a stray wire marker before the city
            cands = list(gaz.lookup(city))
        if not cands:
            # "NEW YORK CITY", "ST. LOUIS": try without trailing words / dots
            alt = city.replace("St. ", "Saint ").replace("Ste. ", "Sainte ")
            cands = list(gaz.lookup(alt))
        if not cands and "/" in city:
            # "Frankfurt/Main" (the river), "Singapore/Seoul" (a shared dateline): the first city
            city = city.split("/", 1)[0].strip()
            cands = list(gaz.lookup(city))
        cands = [c for c in cands if c.kind != "V" and c.code not in self._supra]  # Brussels: BE
        towns = [] if cands else gaz.towns(city)
        city_codes = {c.code for c in cands} | {t[0] for t in towns}
        relevant = frozenset(city_codes)
        qcode = None
        if qualifier:
            q = qualifier.strip().strip("-–—:;,.()[] ") if not qualifier.strip().endswith(".") or \
                len(qualifier.strip()) > 6 else qualifier.strip()  # "Francia.-" -> "Francia"; keep "Ariz."
            q = q.rstrip(".-–— ") if len(q) > 6 else q
            if q.upper() in gaz.postal and len(q) == 2:
                qcode = gaz.postal[q.upper()]
            elif q:
                qc = [c for c in gaz.lookup(q) or gaz.lookup(qualifier.strip()) or
                      (gaz.lookup(q + ".") if q.isalpha() and len(q) <= 5 else ())  # "Mass" for "Mass."
                      if c.kind in "QSCKM" and c.code not in self._supra]
                qcodes = {c.code for c in qc}
                relevant = relevant | qcodes
                if len(qcodes) > 1 and qcodes & city_codes:
                    qcodes &= city_codes  # "KINSHASA, Congo": the Congo that has a Kinshasa
                    qc = [c for c in qc if c.code in qcodes]
                if len(qcodes) == 1:
                    qcode = next(iter(qcodes))
                elif qcodes:
                    picked = self._pick(qc, context, prior)
                    qcode = picked.code if picked else None
        if qcode:
            return (qcode, self._coords(qcode, cands, towns)), relevant
        if not cands and towns:
            best = max(towns, key=lambda t: (t[0] in context, t[0] in prior, t[1]))
            return (best[0], (best[2], best[3])), relevant
        if not cands:
            return (None, None), relevant
        lang_ok = [c for c in cands if not c.langs or lang in c.langs]
        c = self._pick(lang_ok or cands, context, prior)
        if c is None:
            return (None, None), relevant
        return (c.code, self._coords(c.code, cands, towns)), relevant

    def _coords(self, code: str, cands: list[Candidate], towns: list[list]) -> tuple[float, float] | None:
        gaz = self.gaz
        pl = [x for x in cands if x.code == code and x.place >= 0]
        if pl:
            p = gaz.places[max(pl, key=lambda x: gaz.places[x.place][2]).place]
            return (p[3], p[4])
        tl = [t for t in towns if t[0] == code]
        if tl:
            t = max(tl, key=lambda t: t[1])
            return (t[2], t[3])
        return None


_TAGGER: RegionTagger | None = None


def get_tagger() -> RegionTagger:
    global _TAGGER
    if _TAGGER is None:
        _TAGGER = RegionTagger()
    return _TAGGER
