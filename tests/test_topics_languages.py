"""Every news area in all six languages (issue 9, item 5): short invented dispatches in Italian and
Portuguese (English, French, German and Spanish are in test_topics.py), and the first topic of
typical wire stories in each language."""
from __future__ import annotations

import pytest

from streams.model import ParsedDispatch
from streams.topics import load_taxonomy, tag_topics
from test_topics import TOP


DISPATCHES: dict[str, dict[str, tuple[str, str]]] = {
    "arts": {
        "it": ("Il nuovo film del regista apre la Mostra del cinema di Venezia",
               "L'attrice e il regista hanno presentato il film alla stampa prima dell'uscita nelle sale."),
        "pt": ("Novo filme do cineasta abre o festival de cinema",
               "A atriz e o realizador apresentaram o filme à imprensa antes da estreia nos cinemas."),
    },
    "conflict": {
        "it": ("I ribelli lanciano un'offensiva, la guerra civile si aggrava",
               "Truppe governative e ribelli si sono scontrati sulla linea del fronte; raid aerei hanno colpito le milizie."),
        "pt": ("Rebeldes lançam ofensiva e a guerra civil agrava-se",
               "Tropas governamentais e rebeldes enfrentaram-se na linha da frente; ataques aéreos atingiram as milícias."),
    },
    "crime": {
        "it": ("Arrestato un uomo per l'omicidio di un commerciante",
               "La polizia ha fermato un sospettato martedì; la procura lo accusa di omicidio e rapina."),
        "pt": ("Homem detido pelo homicídio de um comerciante",
               "A polícia deteve um suspeito na terça-feira; o Ministério Público acusa-o de homicídio e roubo."),
    },
    "disaster": {
        "it": ("Terremoto di magnitudo 6,1, decine di morti",
               "Una forte scossa di terremoto ha colpito la regione nella notte; i soccorritori cercano superstiti tra le macerie."),
        "pt": ("Sismo de magnitude 6,1 faz dezenas de mortos",
               "Um forte terremoto atingiu a região durante a noite; as equipas de resgate procuram sobreviventes nos escombros."),
    },
    "economy": {
        "it": ("Piazza Affari chiude in rialzo, bene le banche",
               "Il Ftse Mib ha guadagnato l'1,2% a fine seduta, trainato dai titoli bancari."),
        "pt": ("Ibovespa fecha em alta com bancos",
               "O principal índice da Bolsa subiu 1,2% no pregão desta terça-feira, puxado pelas ações dos bancos."),
    },
    "education": {
        "it": ("Maturità, oggi la prima prova per 500 mila studenti",
               "Gli studenti dei licei affrontano lo scritto di italiano dell'esame di Stato."),
        "pt": ("Mais de três milhões de estudantes fazem as provas do Enem",
               "Os alunos do ensino médio fazem hoje o exame nacional, disse o ministro da Educação."),
    },
    "environment": {
        "it": ("Clima, accordo alla conferenza sulle emissioni di gas serra",
               "I Paesi si impegnano a ridurre le emissioni di CO2 per contenere il riscaldamento globale."),
        "pt": ("Desmatamento na Amazônia cresce 20%",
               "A destruição da floresta amazônica aumentou, segundo dados do instituto; ambientalistas alertam para a crise climática."),
    },
    "health": {
        "it": ("Epidemia di colera, l'Oms invia medici",
               "L'Organizzazione mondiale della sanità segnala centinaia di casi confermati; gli ospedali sono saturi."),
        "pt": ("Surto de ébola: OMS envia vacinas",
               "A Organização Mundial da Saúde confirmou novos casos; os hospitais da região estão sobrelotados."),
    },
    "human_interest": {
        "it": ("Gatto smarrito ritrovato a mille chilometri da casa",
               "Il gatto era scomparso cinque anni fa; è stato riconosciuto grazie al microchip."),
        "pt": ("Cão perdido reencontra a família cinco anos depois",
               "O cão tinha desaparecido há cinco anos e foi identificado graças ao microchip."),
    },
    "labour": {
        "it": ("Sciopero dei trasporti, treni e bus fermi",
               "I sindacati hanno proclamato uno sciopero di 24 ore; a rischio i collegamenti ferroviari."),
        "pt": ("Greve geral paralisa transportes",
               "Os sindicatos convocaram uma greve de 24 horas; comboios e autocarros estão parados."),
    },
    "politics": {
        "it": ("Elezioni politiche, il centrodestra vince",
               "Gli elettori hanno votato domenica; lo spoglio delle schede conferma la vittoria della coalizione."),
        "pt": ("Eleições presidenciais: candidato da oposição lidera",
               "Os eleitores vão às urnas no domingo; as sondagens dão vantagem ao candidato da oposição."),
    },
    "religion": {
        "it": ("Il Papa all'Angelus: pregate per la pace",
               "Papa Francesco ha guidato la preghiera in piazza San Pietro davanti a migliaia di fedeli."),
        "pt": ("Papa celebra missa para milhares de fiéis",
               "O Papa Francisco presidiu à missa e à oração na praça de São Pedro."),
    },
    "science": {
        "it": ("Scoperto un nuovo dinosauro in Patagonia",
               "Un gruppo di ricerca di paleontologi ha descritto i resti fossili in uno studio pubblicato sulla rivista Nature."),
        "pt": ("Paleontólogos descobrem nova espécie de dinossauro",
               "A equipa de pesquisadores descreveu o fóssil num estudo publicado na revista científica."),
    },
    "sport": {
        "it": ("L'attaccante segna due gol, la Juventus vince la finale",
               "L'attaccante ha segnato due reti e il portiere ha parato un rigore nella finale di Coppa Italia."),
        "pt": ("Avançado marca dois golos e o Benfica vence a final",
               "O avançado marcou dois golos e o guarda-redes defendeu um pênalti na final da Taça."),
    },
    "weather": {
        "it": ("Ondata di caldo, temperature fino a 40 gradi",
               "Il servizio meteo prevede caldo africano fino a domenica e nessuna pioggia; allerta per le temperature."),
        "pt": ("Onda de calor: temperaturas chegam a 40 graus",
               "O instituto de meteorologia emitiu aviso vermelho para temperaturas até 40 graus, sem chuva."),
    },
}

CASES = [(topic, lang) for topic in DISPATCHES for lang in DISPATCHES[topic]]
# an animal story is human interest, but IPTC files "animal" under environment / nature
ALSO = {"human_interest": {"medtop:20000500"}}


def _d(headline: str, lead: str, language: str | None) -> ParsedDispatch:
    return ParsedDispatch(headline=headline, paragraphs=[lead], language=language)


def _first(topics: list[dict]) -> set[str]:
    return load_taxonomy().closure(t["code"] for t in topics[:1])


@pytest.mark.parametrize("topic,lang", CASES, ids=[f"{t}-{l}" for t, l in CASES])
def test_area_is_the_first_topic(topic: str, lang: str) -> None:
    headline, lead = DISPATCHES[topic][lang]
    topics = tag_topics(_d(headline, lead, lang))
    assert _first(topics) & ({TOP[topic]} | ALSO.get(topic, set())), (topic, lang, topics)


# The first topic of typical wire stories: (language, headline, lead, acceptable first codes)
FIRST = [
    ("fr", "Les rebelles du M23 entrent dans Goma",
     "GOMA (AFP) - Une colonne de rebelles du M23 est entrée mardi dans la ville, a constaté un journaliste de l'AFP, "
     "les soldats de l'armée régulière se repliant vers le sud.", {"medtop:20000056", "medtop:20000067"}),
    ("de", "Verdi ruft zu Warnstreiks bei der Post auf",
     "Berlin (dpa) - Die Gewerkschaft Verdi hat die Beschäftigten der Post zu Warnstreiks aufgerufen. Verdi-Chef "
     "und Gewerkschaftsmitglieder fordern mehr Lohn.", {"medtop:20000529"}),
    ("it", "Ilva, cassa integrazione per duemila lavoratori",
     "TARANTO (ANSA) - L'azienda ha proposto ai sindacati Fiom Cgil, Fim Cisl e Uilm Uil la cassa integrazione "
     "ordinaria per duemila dipendenti dello stabilimento.", {"medtop:20000189", "medtop:20000524", "medtop:20000535"}),
    ("de", "Lkw kracht auf der A7 in Stauende",
     "Hamburg (dpa) - Ein Lkw ist auf der Autobahn 7 in ein Stauende gekracht, der Fahrer wurde schwer verletzt. "
     "Die Polizei sperrte die Fahrbahn für drei Stunden, teilte ein Sprecher mit.", {"medtop:20000147"}),
    ("fr", "Carambolage sur l'A1 : trois blessés",
     "LILLE (AFP) - Un carambolage impliquant deux poids lourds et une voiture a fait trois blessés lundi sur "
     "l'autoroute A1, selon les pompiers.", {"medtop:20000147"}),
    ("es", "El Ibex 35 cierra con una subida del 1,5%",
     "MADRID, 7 Sep. (EUROPA PRESS) - El parqué madrileño cerró la sesión con una subida del 1,5%, impulsado por "
     "los bancos, en una jornada en la que el selectivo recuperó los 11.000 puntos.", {"medtop:20000186", "medtop:20000385"}),
    ("pt", "Presidente exonera comandante da polícia e chefe da secreta",
     "LUANDA, 12 jun (Lusa) - O Presidente angolano exonerou hoje o comandante-geral da Polícia Nacional e nomeou "
     "para o cargo um comissário, segundo um comunicado da Casa Civil.", {"medtop:20000596", "medtop:20000606"}),
    ("en", "Premier unveils new cabinet",
     "BEIJING (Xinhua) -- The new premier presented the members of the state council on Saturday, after the "
     "national legislature confirmed his nomination.", {"medtop:20000606", "medtop:20000613", "medtop:20000614"}),
    ("fr", "Bac : les lycéens planchent sur la philosophie",
     "PARIS (AFP) - Plus de 500.000 lycéens ont passé mercredi l'épreuve de philosophie du baccalauréat, "
     "premier écrit de l'examen.", {"medtop:20000413", "medtop:20000404", "medtop:20000400"}),
    ("es", "Descubren un nuevo dinosaurio en Coahuila",
     "MÉXICO (EFE) - Paleontólogos mexicanos presentaron un dinosaurio con cuerno de tres metros de largo, cuyos "
     "fósiles fueron hallados en el norte del país.", {"medtop:20000722", "medtop:20000735", "medtop:20000717"}),
    ("it", "Sanremo, stasera la finale del festival",
     "SANREMO (Adnkronos) - È il giorno della finale del festival di Sanremo: al teatro Ariston si incorona il "
     "vincitore della kermesse musicale.", {"medtop:20000026", "medtop:20000020", "medtop:20001181"}),
    ("de", "Deutsche Biathleten in der Staffel Zweite",
     "Ruhpolding (dpa) - Die deutschen Biathleten sind beim Heim-Weltcup mit der Staffel auf Platz zwei gelaufen, "
     "mit nur drei Nachladern am Schießstand.", {"medtop:20000852"}),
]


@pytest.mark.parametrize("lang,headline,lead,ok", FIRST, ids=[f"{x[0]}-{i}" for i, x in enumerate(FIRST)])
def test_first_topic_of_typical_stories(lang: str, headline: str, lead: str, ok: set[str]) -> None:
    topics = tag_topics(_d(headline, lead, lang))
    assert _first(topics) & ok, (headline, topics[:3])


def test_a_word_and_a_word_ending_on_the_same_span_count_once_as_the_word() -> None:
    """``Brand`` is both a German word (`` brand ``) and a word ending (``*brand``: Großbrand): on the
    same span the whole word counts, once (the longer key first), and the evidence shows it."""
    parsed = ParsedDispatch(headline="Brand in einer Lagerhalle",
                            paragraphs=["Ein Brand hat in der Nacht eine Lagerhalle zerstört."], language="de")
    fire = {t["code"]: t for t in tag_topics(parsed)}["medtop:20000150"]
    assert "Brand" in fire["evidence"]
    assert "brand" not in fire["evidence"]
