"""The function-word shortcut of language detection (``clear_language``).

Copy whose function words clearly belong to one language we tag gets that language without the
model; everything else (other languages, mixed or short text, tables) is left to the model, and
where the shortcut decides it gives what the model gives.  The texts are invented, each in the
house style of an agency of its language; ``fixtures/language/invented-multilingual.jsonl`` holds
217 more, written to break the shortcut (50 languages, near neighbours, quotes in another language,
tables, capitals).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.parsing import language as L

CLEAR = {
    "en": "LONDON, March 3 (Reuters) - The company said on Tuesday that it would cut 1,200 jobs after profits fell "
          "for the third year in a row, and its chief executive told analysts that the plan was not the end of the "
          "restructuring. Shares in the group, which has been under pressure from investors, were down 4 percent.",
    "fr": "PARIS, 3 mars 2026 (AFP) - Le gouvernement a présenté mardi un plan d'économies qui prévoit la suppression "
          "de plusieurs milliers de postes dans la fonction publique, selon des sources proches du dossier. Les "
          "syndicats, qui ont été reçus lundi, sont opposés à cette réforme et appellent à une grève avec les "
          "enseignants.",
    "de": "Berlin (dpa) - Die Bundesregierung hat am Dienstag einen Plan für Einsparungen vorgelegt, der auch den "
          "Abbau von mehreren tausend Stellen im öffentlichen Dienst vorsieht. Die Gewerkschaften, die sich am "
          "Montag mit dem Minister trafen, lehnen die Reform ab und wollen nach Angaben eines Sprechers zum Streik "
          "aufrufen.",
    "es": "Madrid, 3 mar (EFE).- El Gobierno aprobó ayer un plan de ahorro que fue presentado por el ministro y "
          "que prevé la supresión de varios miles de puestos en la administración, según fuentes cercanas al "
          "Ejecutivo. Los sindicatos, que fueron recibidos el lunes, se oponen a la reforma y han convocado una "
          "huelga para el próximo mes.",
    "it": "(ANSA) - ROMA, 3 MAR - Il governo ha presentato oggi un piano di risparmi che prevede il taglio di alcune "
          "migliaia di posti nella pubblica amministrazione, secondo fonti vicine all'esecutivo. I sindacati, che "
          "sono stati ricevuti ieri, si oppongono alla riforma e hanno annunciato uno sciopero per il mese prossimo.",
    "pt": "Lisboa, 03 mar 2026 (Lusa) - O plano de poupança do Governo, que foi aprovado ao fim da tarde, prevê a "
          "supressão de vários milhares de postos na função pública, segundo fontes próximas do executivo. Os "
          "sindicatos, que foram recebidos ontem, opõem-se à reforma e já anunciaram uma greve, disse à Lusa um "
          "dirigente, que não exclui novas ações.",
}
# Latin-script languages we do not tag (and two the model is not asked about): never the shortcut's
OTHERS = {
    "nl": "Den Haag (ANP) - De regering heeft dinsdag een bezuinigingsplan gepresenteerd dat ook het schrappen van "
          "enkele duizenden banen bij de overheid omvat, volgens bronnen rond het kabinet. De vakbonden, die maandag "
          "werden ontvangen, zijn tegen de hervorming en roepen op tot een staking in de komende maand.",
    "sv": "Stockholm (TT) - Regeringen presenterade på tisdagen en sparplan som också innebär att flera tusen "
          "tjänster inom staten försvinner, enligt källor nära regeringen. Facken, som träffade ministern i "
          "måndags, är emot reformen och vill gå ut i strejk nästa månad.",
    "da": "København (Ritzau) - Regeringen fremlagde tirsdag en spareplan, som også betyder, at flere tusinde "
          "stillinger i staten skal nedlægges, oplyser kilder tæt på regeringen. Fagforeningerne, der mødtes med "
          "ministeren mandag, er imod reformen og vil ikke udelukke en strejke.",
    "fi": "Helsinki (STT) - Hallitus esitteli tiistaina säästösuunnitelman, joka tarkoittaa myös useiden tuhansien "
          "virkojen lakkauttamista, kertovat lähteet. Ammattiliitot, jotka tapasivat ministerin maanantaina, "
          "vastustavat uudistusta ja ovat valmiita lakkoon, mutta neuvottelut jatkuvat.",
    "pl": "Warszawa (PAP) - Rząd przedstawił we wtorek plan oszczędności, który przewiduje likwidację kilku tysięcy "
          "etatów w administracji, jak podają źródła zbliżone do rządu. Związki zawodowe, które spotkały się w "
          "poniedziałek z ministrem, nie zgadzają się na reformę i zapowiadają strajk.",
    "tr": "Ankara (AA) - Hükümet salı günü bir tasarruf planı açıkladı ve bu plan kamuda birkaç bin kadronun "
          "kaldırılmasını öngörüyor. Sendikalar, pazartesi günü bakanla görüşmelerinin ardından reforma karşı "
          "olduklarını ve daha fazla grev yapacaklarını söyledi.",
    "ro": "BUCUREȘTI (Agerpres) - Guvernul a prezentat marți un plan de economii care prevede desființarea a câteva "
          "mii de posturi în administrație, potrivit unor surse apropiate. Sindicatele, care s-au întâlnit luni cu "
          "ministrul, sunt împotriva reformei și au anunțat o grevă pentru luna viitoare.",
    "ca": "Barcelona (ACN) - El Govern ha presentat aquest dimarts un pla d'estalvi que preveu la supressió de "
          "diversos milers de llocs a l'administració, segons fonts properes a l'executiu. Els sindicats, que es van "
          "reunir ahir amb el conseller, s'oposen a la reforma i han convocat una vaga.",
}
TABLE = ("Shr 37 cts vs 91 cts Net 83,445,000 vs 46,250,000 Revs 18.8 mln vs 91.8 mln Avg shrs 21.6 mln vs "
         "18.7 mln 12 mths Shr 3.12 dlrs vs 5.64 dlrs Net")
MIXED = ("PARIS, March 3 (Reuters) - \"Nous ne céderons pas, les syndicats sont dans la rue et ils y resteront avec "
         "les enseignants\", said the union leader, who has led the strike since January.")


INVENTED = [json.loads(line) for line in
            (Path(__file__).parent / "fixtures" / "language" / "invented-multilingual.jsonl").read_text("utf-8").splitlines()]
BY_ID = {x["id"]: x["text"] for x in INVENTED}


def _model(monkeypatch, declared, text):
    """What check_language answers with the model alone."""
    with monkeypatch.context() as m:
        m.setattr(L, "clear_language", lambda sample: None)
        return L.check_language(declared, text)


@pytest.mark.parametrize("lang", sorted(CLEAR))
def test_clear_copy_gets_its_language_without_the_model(lang, monkeypatch):
    text = CLEAR[lang]
    assert L.clear_language(text[:L.SAMPLE_CHARS]) == lang
    assert _model(monkeypatch, None, text) == (lang, [])  # what the model says too

    def no_model(*args):
        raise AssertionError("the model was asked")

    monkeypatch.setattr(L, "_ranked_recent", no_model)
    assert L.check_language(None, text) == (lang, [])
    assert L.check_language(lang, text) == (lang, [])
    assert L.detect(text) == lang


@pytest.mark.parametrize("lang", sorted(OTHERS))
def test_languages_we_do_not_tag_are_left_to_the_model(lang):
    assert L.clear_language(OTHERS[lang][:L.SAMPLE_CHARS]) is None


@pytest.mark.parametrize("text", [TABLE, MIXED, "The talks were not over, he said.", CLEAR["fr"][:60]])
def test_tables_mixed_and_short_copy_are_left_to_the_model(text):
    assert L.clear_language(text) is None


@pytest.mark.parametrize("lang", sorted(CLEAR))
def test_another_declared_language_is_weighed_by_the_model(lang, monkeypatch):
    # a clear English text declared French: the model's scores decide whether to overrule the sender,
    # as without the shortcut
    declared = "fr" if lang != "fr" else "en"
    got = L.check_language(declared, CLEAR[lang])
    assert got == _model(monkeypatch, declared, CLEAR[lang])
    assert got[0] == lang and [w["code"] for w in got[1]] == ["language_mismatch"]


@pytest.mark.parametrize("text", [*CLEAR.values(), *OTHERS.values(), TABLE, MIXED])
@pytest.mark.parametrize("declared", [None, "en", "fr", "de", "nl", "xx"])
def test_check_language_answers_as_the_model_does(text, declared, monkeypatch):
    assert L.check_language(declared, text) == _model(monkeypatch, declared, text)


def test_a_word_belongs_to_one_language_only(monkeypatch):
    langs, index = L._function_words()
    assert langs == tuple(L.FUNCTION_WORDS) and set(langs) == {*L.SUPPORTED, None}
    assert all(word == word.lower() and len(word.split()) == 1 for word in index)
    monkeypatch.setitem(L.FUNCTION_WORDS, "es", L.FUNCTION_WORDS["es"] + " les")  # French's "les" too
    with pytest.raises(ValueError, match="'les'"):
        L._function_words()


def test_the_decision_needs_enough_words_and_a_clear_lead():
    five = "the and that with said"
    assert L.clear_language(five) == "en"
    assert L.clear_language(five.rsplit(" ", 1)[0]) is None  # four words
    assert L.clear_language(five + " les") == "en"  # 5 against 1: clear
    assert L.clear_language(five + " les dans") is None  # 5 against 2: not 4 times as many
    assert L.clear_language(five + " het een") is None  # a language we do not tag counts against it too
    assert L.clear_language(five.upper()) == "en"  # all capitals
    assert L.clear_language("the the that that the") is None  # two different words: not enough
    assert L.clear_language("the and that said " + five) == "en"
    assert L.clear_language("x y z w v " + five) is None  # nothing in the first half
    assert L.clear_language("the and that with said said the les dans pour") is None  # 1 against 3 in the second


@pytest.mark.parametrize("declared", [None, "own", "en", "fr", "es"])
def test_invented_copy_in_fifty_languages_gets_the_models_answer(declared, monkeypatch):
    decided = 0
    for x in INVENTED:
        d = x["language"] if declared == "own" else declared
        d = d if d in L.SUPPORTED or d is None else None
        assert L.check_language(d, x["text"]) == _model(monkeypatch, d, x["text"]), x["id"]
        decided += L.clear_language(x["text"][:L.SAMPLE_CHARS]) is not None
    assert decided >= 40  # the shortcut is used on them, not only passed over


@pytest.mark.parametrize("name", [
    "af_present", "af_markets",  # Afrikaans "die" (German's list)
    "id_disaster", "caps_id",  # Indonesian "di" (Italian's)
    "sw_sports", "sw_politics2",  # Swahili "ya" (Spanish's)
    "cy_news", "cy_sports",  # Welsh "y" (Spanish's)
    "ro_nodia2", "ro_nodia3",  # Romanian without diacritics: "au" (French's)
    "cs_adv", "lv_adv", "fy_news", "eu_adv", "tl_adv",  # "to", "by", "it", "du", "mas"
    "gl_adv2",  # Galician: "do", "os", "foi", "ao", "é" are Portuguese too
    "mix_en_es_quote", "mix_en_fr_quote2", "mix_en_it_quote", "mix_en_ptbr_quote",  # English after a long quote
])
def test_copy_that_only_looks_like_one_of_ours_is_left_to_the_model(name):
    # each was taken by the shortcut's first version, against the model's answer
    assert L.clear_language(BY_ID[name][:L.SAMPLE_CHARS]) is None


def test_load_loads_the_model_and_checks_its_walk(monkeypatch):
    monkeypatch.setattr(L, "_base", None)
    monkeypatch.setattr(L, "_walker", None)
    monkeypatch.setattr(L, "_walker_ok", None)
    L._identifier.cache_clear()
    L.load()
    assert L._base is not None and L._walker_ok and L._walker is not None
    L._identifier.cache_clear()  # the restored model's copies, not this one's
