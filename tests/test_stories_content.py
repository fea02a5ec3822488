"""Threading on the content, not the page (issue 9 item 6).  Invented copy in AFP / dpa house style."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from streams.model import Dateline, Envelope, ParsedDispatch, TaggedDispatch
from streams.stories import StoryThreader, threading_input

T0 = datetime(2023, 9, 12, 6, 0, tzinfo=timezone.utc)

QUAKE = [
    "Un séisme de magnitude 6,1 a frappé mardi la province andine de Cotopaxi, faisant au moins 4 morts et "
    "une vingtaine de blessés, a annoncé le Service national de gestion des risques (SNGR).",
    "La secousse, ressentie jusqu'à Quito, s'est produite à 04H12 locales à une profondeur de 30 km, selon "
    "l'Institut de géophysique de l'Ecole polytechnique nationale.",
    "Le président Daniel Noboa a dépêché sur place la ministre de l'Intérieur, Mónica Palencia, et annoncé "
    "l'envoi de 200 secouristes.",
    "Plusieurs maisons en adobe se sont effondrées dans les villages de Pujilí et Saquisilí, où les habitants "
    "ont passé la nuit dehors.",
]
HEAD = "Equateur: un séisme fait au moins quatre morts dans les Andes"


def doc(i: str, headline: str, paras: list[str], minutes: int = 0, lang: str = "fr") -> TaggedDispatch:
    at = T0 + timedelta(minutes=minutes)
    env = Envelope(id=i, text="x", received_at=at, language=lang)
    parsed = ParsedDispatch(headline=headline, language=lang, paragraphs=list(paras),
                            dateline=Dateline(city="Quito", country="EC", agency="AFP"))
    return TaggedDispatch(dispatch_id=i, envelope=env, parsed=parsed, received_at=at)


def run(th: StoryThreader, d: TaggedDispatch):
    return th.thread(threading_input(d), d.received_at)


def test_same_dispatch_on_two_sites_with_page_lines_and_no_headline_is_a_duplicate():
    th = StoryThreader({})
    a = run(th, doc("site-a", HEAD, QUAKE))
    # the second site: no headline, share buttons and a "read more" stub around the same copy
    b = run(th, doc("site-b", "", ["Partager", "• Facebook", *QUAKE, "Lire aussi"], 40))
    assert (b.kind, b.story_id, b.duplicate_of, b.publish) == ("duplicate", a.story_id, "site-a", False)


def test_same_dispatch_retitled_and_cut_by_a_site_is_a_duplicate():
    th = StoryThreader({})
    a = run(th, doc("site-a", HEAD, QUAKE))
    b = run(th, doc("site-b", "Séisme meurtrier en Equateur", QUAKE[:3], 25))
    assert (b.kind, b.story_id, b.duplicate_of) == ("duplicate", a.story_id, "site-a")


def test_headline_the_page_glued_to_the_lead_is_body_text():
    """A page whose "headline" is the whole lead paragraph still threads with the clean copy."""
    th = StoryThreader({})
    a = run(th, doc("site-a", HEAD, QUAKE))
    b = run(th, doc("site-b", QUAKE[0], QUAKE[1:], 30))
    assert (b.kind, b.duplicate_of) == ("duplicate", "site-a")


def test_later_version_with_a_new_toll_is_an_update():
    th = StoryThreader({})
    a = run(th, doc("v1", HEAD, QUAKE))
    lead2 = QUAKE[0].replace("au moins 4 morts et une vingtaine", "au moins 11 morts et 63")
    more = ("Le bilan a été revu à la hausse mardi soir après la découverte de 7 corps sous les décombres à "
            "Pujilí, a précisé le SNGR dans un nouveau communiqué.")
    b = run(th, doc("v2", "Equateur: le bilan du séisme s'alourdit à onze morts", [lead2, *QUAKE[1:], more], 300))
    assert (b.kind, b.story_id, b.version, b.supersedes) == ("update", a.story_id, 2, "v1")
    assert b.changes["added"] + b.changes["changed"] >= 1


def test_follow_up_on_the_same_event_is_related_both_ways():
    th = StoryThreader({})
    a = run(th, doc("q1", HEAD, QUAKE))
    follow = [
        "Des centaines d'habitants de Pujilí et Saquisilí ont passé une deuxième nuit sous des tentes mercredi, "
        "au lendemain du séisme qui a frappé la province de Cotopaxi.",
        "La ministre Mónica Palencia a promis que l'Etat reconstruirait les maisons détruites, tandis que le "
        "président Daniel Noboa a décrété l'état d'urgence pour 60 jours.",
    ]
    b = run(th, doc("q2", "Equateur: les sinistrés des Andes passent une deuxième nuit dehors", follow, 26 * 60))
    assert b.kind == "new" and b.story_id != a.story_id
    assert b.related == [a.story_id]
    assert [(e["kind"], e["story_id"], e["related"]) for e in b.link_events] == [("link", a.story_id, [b.story_id])]
    # the earlier story carries the link on its next version
    c = run(th, doc("q3", "UPDATE 1-" + HEAD, [*QUAKE, "Le pape François a adressé ses condoléances."], 27 * 60))
    assert c.story_id == a.story_id and c.related == [b.story_id]


def test_unrelated_story_naming_one_common_place_is_not_related():
    th = StoryThreader({})
    run(th, doc("q1", HEAD, QUAKE))
    other = ["Le club de Quito a battu Guayaquil 2-0 dimanche au stade Rodrigo Paz Delgado, devant 30.000 "
             "spectateurs, grâce à un doublé de Juan Cazares."]
    b = run(th, doc("f1", "Football: Quito bat Guayaquil", other, 60))
    assert b.kind == "new" and b.related == []


def test_agency_correction_notice_makes_a_correction():
    th = StoryThreader({})
    a = run(th, doc("c0", "Quake hits Andes", ["An earthquake of magnitude 6.1 struck the Andean province of "
                                               "Cotopaxi on Tuesday, killing at least four people, officials said.",
                                               "The quake was felt in Quito, the capital."], lang="en"))
    b = run(th, doc("c1", "Quake hits Andes", ["An earthquake of magnitude 6.1 struck the Andean province of "
                                               "Cotopaxi on Tuesday, killing at least three people, officials said.",
                                               "The quake was felt in Quito, the capital.",
                                               "___ This story has been corrected to show the toll is three, "
                                               "not four."], 90, lang="en"))
    assert (b.kind, b.story_id, b.version, b.supersedes) == ("correction", a.story_id, 2, "c0")


def test_update_with_a_new_lead_and_headline_keeping_paragraphs_is_an_update():
    """Reuters-style ``UPDATE 1``: the lead and the headline are rewritten, later paragraphs are kept."""
    th = StoryThreader({})
    body = [
        "Danish ferry operator Sundline (SUND.CO) said on Tuesday its first-quarter profit fell 18% as fuel "
        "costs rose, missing analysts' forecasts.",
        "Earnings before interest and tax dropped to 310 million crowns from 378 million a year earlier, the "
        "company said in a statement.",
        "Chief Executive Mette Holm said passenger numbers on the Baltic routes had held up despite the weak "
        "economy in Germany.",
    ]
    a = run(th, doc("s1", "Sundline Q1 profit drops on higher fuel costs", body, lang="en"))
    update = [
        "Shares in Sundline (SUND.CO) fell 7% on Tuesday after the Danish ferry operator cut its full-year "
        "guidance, citing fuel costs and a price war on the Kiel route.",
        body[1], body[2],
        "Sundline now expects 2024 operating profit of 1.1 billion to 1.3 billion crowns, down from 1.5 billion.",
    ]
    b = run(th, doc("s2", "UPDATE 1-Sundline shares slide as ferry group cuts outlook", update, 120, lang="en"))
    assert (b.kind, b.story_id, b.version, b.supersedes) == ("update", a.story_id, 2, "s1")
    # the same rewrite without the UPDATE flag is not threaded into the story by its paragraphs alone
    th2 = StoryThreader({})
    run(th2, doc("s1", "Sundline Q1 profit drops on higher fuel costs", body, lang="en"))
    c = run(th2, doc("s3", "Sundline shares slide as ferry group cuts outlook", update, 120, lang="en"))
    assert c.kind == "new"


LUSA_LEAD = ("O Governo moçambicano nomeou hoje o general Armando Mussa para o comando da Polícia da "
             "República, substituindo o comissário Bernardino Rafael, anunciou a Presidência em Maputo.")
LUSA_2 = ("Em comunicado, a Presidência adianta que o chefe de Estado ouviu previamente o Conselho Nacional "
          "de Defesa e Segurança antes de tomar a decisão.")


def test_two_sites_cuts_of_one_dispatch_with_different_endings_are_duplicates():
    """Two sites keep the lead (lightly edited) and the second paragraph of one Lusa dispatch, then end with
    different background paragraphs of their own: one dispatch, a duplicate."""
    th = StoryThreader({})
    a = run(th, doc("site-a", "", [LUSA_LEAD, LUSA_2,
                                    "Moçambique vive semanas de mudanças nas chefias das forças de defesa.",
                                    "Na semana passada foi substituído o diretor do serviço de informações."],
                     lang="pt"))
    edited = LUSA_LEAD.replace("nomeou hoje o general", "nomeou nesta segunda-feira o general")
    b = run(th, doc("site-b", "", [edited, LUSA_2,
                                    "O novo chefe da polícia dirigia até agora a escola de formação de Matalane.",
                                    "Bernardino Rafael ocupava o cargo desde janeiro de 2018."], 90, lang="pt"))
    assert (b.kind, b.story_id, b.duplicate_of, b.publish) == ("duplicate", a.story_id, "site-a", False)


def test_same_lead_and_paragraph_with_new_figures_is_not_a_cut():
    """A templated daily item keeps its lead words and a boilerplate paragraph but brings new figures:
    not a copy of yesterday's."""
    th = StoryThreader({})
    lead = "Le Trésor a placé {} millions d'euros de bons à {} semaines au taux moyen de {} %, a annoncé l'Agence."
    boiler = ("Les soumissions ont été reçues par voie électronique auprès des spécialistes en valeurs du "
              "Trésor selon la procédure habituelle.")
    a = run(th, doc("a", "", [lead.format(800, 13, "3,41"), boiler, "La demande atteignait 2,1 milliards."]))
    b = run(th, doc("b", "", [lead.format(950, 26, "3,52"), boiler, "La demande atteignait 2,6 milliards."], 1500))
    assert b.kind == "new" and b.story_id != a.story_id


def wired(i: str, paras: list[str], minutes: int, source: str) -> TaggedDispatch:
    at = T0 + timedelta(minutes=minutes)
    env = Envelope(id=i, text="x", received_at=at, language="fr", source=source)
    parsed = ParsedDispatch(headline="", language="fr", paragraphs=list(paras))
    return TaggedDispatch(dispatch_id=i, envelope=env, parsed=parsed, received_at=at)


FLOOD_1 = ["Les crues de la rivière Ogooué ont fait trois morts samedi à Lambaréné, a indiqué à l'AFP le "
           "gouverneur de la province, Jean-Rémy Obiang.",
           "Plusieurs quartiers de Lambaréné sont sous les eaux et des familles ont trouvé refuge dans les écoles."]
FLOOD_2 = ["Le bilan des inondations de Lambaréné est passé à sept morts et deux disparus, a annoncé dimanche "
           "le gouverneur Jean-Rémy Obiang, qui réclame l'aide de l'Etat.",
           "Les secours ont retrouvé quatre corps le long de l'Ogooué, selon la gendarmerie."]


def test_same_agency_rewrite_with_a_new_toll_within_a_day_is_an_update():
    th = StoryThreader({})
    a = run(th, wired("flood-1", FLOOD_1, 0, "AFP via site-a.example"))
    b = run(th, wired("flood-2", FLOOD_2, 10 * 60, "AFP via site-b.example"))
    assert (b.kind, b.story_id, b.version, b.supersedes) == ("update", a.story_id, 2, "flood-1")


def test_new_toll_from_another_agency_or_days_later_is_not_an_update():
    th = StoryThreader({})
    a = run(th, wired("flood-1", FLOOD_1, 0, "AFP"))
    b = run(th, wired("flood-2", FLOOD_2, 10 * 60, "Xinhua"))
    assert b.kind == "new" and b.story_id != a.story_id
    th = StoryThreader({})
    a = run(th, wired("flood-1", FLOOD_1, 0, "AFP"))
    c = run(th, wired("flood-3", FLOOD_2, 20 * 60, "AFP"))  # 20 hours later: the same news cycle
    assert c.kind == "update"
    th = StoryThreader({})
    run(th, wired("flood-1", FLOOD_1, 0, "AFP"))
    d = run(th, wired("flood-4", FLOOD_2, 40 * 60 * 60, "AFP"))  # 40 hours later: a new day's story
    assert d.kind == "new"
