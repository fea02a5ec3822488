"""Topics by sense, not by word (issue 9, item 5): each trap in its language, on short invented
dispatches written in the house style of the agencies that send such copy."""
from __future__ import annotations

from streams.model import ParsedDispatch
from streams.topics import load_taxonomy, tag_topics

EPIDEMIC = "medtop:20000449"
HUMAN_RIGHTS = "medtop:20000592"
SHIPPING = "medtop:20000343"  # waterway and maritime transport
SPORTS_TRANSACTION = "medtop:20001148"
SOCCER = "medtop:20001065"
TENNIS = "medtop:20001085"
AGRICULTURE = "medtop:20000210"
SPORT = "medtop:15000000"


def _d(headline: str, lead: str, language: str, *more: str) -> ParsedDispatch:
    return ParsedDispatch(headline=headline, paragraphs=[lead, *more], language=language)


def _closure(topics: list[dict]) -> set[str]:
    return load_taxonomy().closure(t["code"] for t in topics)


def _first(topics: list[dict]) -> set[str]:
    """The first topic and its ancestors."""
    return _closure(topics[:1])


def test_traspaso_de_mando_is_not_a_sports_transfer() -> None:
    t = tag_topics(_d("Boric y Kast preparan el traspaso de mando en La Moneda",
                      "SANTIAGO DE CHILE, 3 Mar. (EUROPA PRESS) - El presidente saliente y el presidente electo se "
                      "reunieron este lunes para organizar el traspaso de mando del 11 de marzo, informó el Gobierno.",
                      "es"))
    assert not _closure(t) & {SPORTS_TRANSACTION, SPORT}, t
    assert "medtop:11000000" in _first(t), t


def test_a_real_transfer_is_still_a_sports_transfer() -> None:
    t = tag_topics(_d("El Betis cierra el traspaso de su delantero al Sevilla",
                      "SEVILLA, 30 Ago. (EUROPA PRESS) - El club verdiblanco ha cerrado el traspaso del delantero, que "
                      "firmará por cuatro temporadas con el equipo rival tras marcar doce goles en la Liga.", "es"))
    assert SPORTS_TRANSACTION in _closure(t), t


def test_us_open_cup_is_football_not_tennis() -> None:
    t = tag_topics(_d("Sounders reach US Open Cup final",
                      "SEATTLE (AP) — The Sounders beat the Timbers 2-1 on Wednesday night to reach the U.S. Open Cup "
                      "final, with a header in the 88th minute.", "en"))
    assert SOCCER in _first(t), t
    assert TENNIS not in _closure(t), t
    soccer = next(x for x in t if SOCCER in _closure([x]))
    assert any("open cup" in e.lower() for e in soccer["evidence"]), soccer


def test_charente_maritime_is_not_shipping() -> None:
    t = tag_topics(_d("Charente-Maritime : un incendie détruit 200 hectares de pinède",
                      "LA ROCHELLE, 12 août (AFP) - Un incendie a parcouru 200 hectares de forêt en Charente-Maritime, "
                      "ont indiqué les pompiers, qui ont évacué un camping.", "fr"))
    assert SHIPPING not in _closure(t), t
    assert "medtop:20000150" in _first(t), t  # fire


def test_une_quarantaine_de_is_not_a_quarantine() -> None:
    t = tag_topics(_d("Une quarantaine de manifestants interpellés à Nantes",
                      "NANTES, 5 déc (Reuters) - Une quarantaine de personnes ont été interpellées samedi en marge "
                      "d'une manifestation contre le projet d'aéroport, a indiqué la préfecture.", "fr"))
    assert EPIDEMIC not in _closure(t), t
    assert not any("quarantaine" in e.lower() for x in t for e in x["evidence"]), t


def test_a_real_quarantine_is_an_epidemic() -> None:
    t = tag_topics(_d("Ebola : le village placé en quarantaine",
                      "KINSHASA, 3 juin (AFP) - Les autorités sanitaires ont placé le village en quarantaine après "
                      "trois nouveaux cas d'Ebola, selon l'OMS.", "fr"))
    assert EPIDEMIC in _first(t), t


def test_an_ngo_name_is_not_the_topic() -> None:
    t = tag_topics(_d("Syrie : au moins 20 morts dans des frappes aériennes sur Idleb",
                      "BEYROUTH, 4 mars (AFP) - Au moins 20 civils ont été tués dans des frappes aériennes sur la "
                      "province d'Idleb, a annoncé l'Observatoire syrien des droits de l'Homme (OSDH).",
                      "fr", "Selon l'Observatoire syrien des droits de l'homme, les raids ont visé un marché."))
    assert HUMAN_RIGHTS not in _closure(t), t
    assert "medtop:16000000" in _first(t), t


def test_ngo_name_in_english_is_not_the_topic() -> None:
    t = tag_topics(_d("Air strikes kill 20 in Syria's Idlib",
                      "BEIRUT (Reuters) - Air strikes killed at least 20 civilians in Idlib province on Tuesday, the "
                      "Syrian Observatory for Human Rights said.", "en"))
    assert HUMAN_RIGHTS not in _closure(t), t


def test_a_school_lockdown_is_not_an_epidemic() -> None:
    t = tag_topics(_d("High school placed on lockdown after report of armed man",
                      "DENVER (AP) — A suburban high school was placed on lockdown Tuesday after a student reported "
                      "seeing a man with a gun near the campus, police said. The lockdown was lifted two hours later.",
                      "en"))
    assert EPIDEMIC not in _closure(t), t


def test_a_pandemic_lockdown_is_an_epidemic() -> None:
    t = tag_topics(_d("City enters lockdown as coronavirus cases surge",
                      "SHANGHAI (Reuters) - The city ordered a two-week lockdown on Monday after new coronavirus "
                      "cases were reported, health officials said.", "en"))
    assert EPIDEMIC in _first(t), t


def test_a_pandemic_lockdown_enforced_by_police_is_an_epidemic() -> None:
    t = tag_topics(_d("Police patrol empty streets on first day of coronavirus lockdown",
                      "MADRID (Reuters) - Police patrolled the empty streets of the capital on Monday as a nationwide "
                      "lockdown to slow the coronavirus epidemic came into force.", "en"))
    assert EPIDEMIC in _first(t), t


def test_a_school_lockdown_in_german_and_spanish() -> None:
    de = tag_topics(_d("Schule nach Drohung im Lockdown", "Hamburg (dpa) - Nach einer Drohung ist eine Schule in Hamburg am "
                       "Dienstag in den Lockdown gegangen; die Schüler blieben in den Klassenzimmern.", "de"))
    assert EPIDEMIC not in _closure(de), de
    es = tag_topics(_d("Confinamiento en un colegio por un tirador", "MÉXICO (AP) - Las autoridades ordenaron el "
                       "confinamiento de un colegio tras el aviso de un tirador; los alumnos fueron evacuados.", "es"))
    assert EPIDEMIC not in _closure(es), es


def test_mais_the_conjunction_is_not_maize() -> None:
    """``maïs`` (maize) folds to ``mais`` (but): accent-exact terms keep them apart."""
    t = tag_topics(_d("Un chat retrouvé à 3.000 km de chez lui",
                      "DENVER, Colorado, 14 septembre (Reuters) - Le chat avait disparu il y a cinq ans, mais il a été "
                      "retrouvé grâce à sa puce électronique, mais sans son collier.", "fr"))
    assert AGRICULTURE not in _closure(t), t
    t = tag_topics(_d("Les cours du maïs au plus haut",
                      "PARIS, 3 juillet (Reuters) - Le maïs et le blé progressent sur Euronext, la sécheresse "
                      "menaçant les récoltes.", "fr"))
    assert AGRICULTURE in _closure(t), t


def test_a_first_name_is_not_a_novel() -> None:
    t = tag_topics(_d("Deutsche Biathleten mit der Staffel auf Platz zwei",
                      "Ruhpolding (dpa) - Die deutschen Biathleten sind beim Heim-Weltcup mit der Staffel auf Platz zwei "
                      "gelaufen. Roman Rees, Johannes Kühn und Philipp Nawrath leisteten sich nur drei Nachlader.", "de"))
    assert "medtop:20000013" not in _closure(t), t  # literature
    assert SPORT in _first(t), t


def test_evidence_shows_the_words_that_fired() -> None:
    t = tag_topics(_d("Verdi ruft zu Warnstreiks im Nahverkehr auf",
                      "BERLIN (dpa-AFX) - Die Gewerkschaft Verdi hat die Beschäftigten im kommunalen Nahverkehr für "
                      "Freitag zu ganztägigen Warnstreiks aufgerufen.", "de"))
    first = t[0]
    assert "medtop:20000529" in _closure([first]), t  # labour dispute (a strike)
    assert any("streik" in e.lower() for e in first["evidence"]), first


# -------------------------------------------------------------------------------- the mechanisms

def test_accent_exact_term_in_capitals() -> None:
    t = tag_topics(_d("LE MAÏS RECULE A CHICAGO", "Les cours du MAÏS et du blé reculent, la récolte s'annonçant abondante.", "fr"))
    assert AGRICULTURE in _closure(t), t


def test_needs_keeps_sport_words_out_of_politics() -> None:
    # "transfert" is a sports transfer only where the story is about sport
    pol = tag_topics(_d("Transfert du siège de l'agence à Lyon",
                        "PARIS (AFP) - Le gouvernement a confirmé le transfert du siège de l'agence publique, a annoncé le ministre.",
                        "fr"))
    assert SPORTS_TRANSACTION not in _closure(pol), pol
    foot = tag_topics(_d("Mercato : le transfert de l'attaquant bouclé",
                         "PARIS (AFP) - Le club a bouclé le transfert de son attaquant vers la Premier League, pour une "
                         "indemnité de transfert record, a annoncé l'entraîneur.", "fr"))
    assert SPORTS_TRANSACTION in _closure(foot), foot


def test_with_makes_an_accident_specific() -> None:
    """An accident on a motorway is a road accident, in any language."""
    for lang, head, lead in [
        ("en", "Two hurt as truck crashes on motorway", "LONDON (PA) - Two people were injured when a lorry collided with a "
                                                       "car on the M6 motorway, police said."),
        ("es", "Dos heridos en un accidente en la autopista", "MADRID, 3 Mar. (EUROPA PRESS) - Dos personas resultaron heridas "
                                                              "en un accidente entre un camión y un turismo en la autopista A-3."),
        ("pt", "Acidente na autoestrada faz dois feridos", "LISBOA, 3 mar (Lusa) - Um acidente entre um camião e um carro "
                                                          "na rodovia fez dois feridos, segundo a polícia."),
    ]:
        t = tag_topics(_d(head, lead, lang))
        assert "medtop:20000147" in _first(t), (lang, t)


def test_actor_topic_does_not_outrank_the_event() -> None:
    """Unions and police are who acts: the strike and the crime are the story."""
    t = tag_topics(_d("Grève à la SNCF : les syndicats CGT et SUD-Rail appellent à poursuivre",
                      "PARIS (Reuters) - Les syndicats CGT, SUD-Rail et l'Unsa ont appelé mardi à poursuivre la grève, "
                      "une intersyndicale étant prévue jeudi.", "fr"))
    assert "medtop:20000530" in _first(t), t  # labour strike
    t = tag_topics(_d("Polizei fasst mutmaßlichen Mörder", "München (dpa) - Die Polizei hat einen Mann festgenommen, der "
                      "seine Nachbarin ermordet haben soll, teilten Polizei und Staatsanwaltschaft mit.", "de"))
    assert "medtop:20000082" in _first(t), t  # crime (homicide)


def test_a_broad_topic_of_weak_cues_does_not_outrank_a_specific_one() -> None:
    t = tag_topics(_d("Sassou Nguesso candidat à un nouveau mandat",
                      "BRAZZAVILLE (AFP) - Le président a annoncé sa candidature à l'élection présidentielle après la "
                      "réforme de la Constitution, a indiqué le gouvernement.", "fr"))
    assert _first(t) & {"medtop:20000574"}, t  # election (candidates, national elections)


def test_not_near_applies_only_close_to_the_term() -> None:
    far = tag_topics(_d("Ville confinée après des cas de Covid",
                        "PEKIN (Reuters) - Les autorités ont imposé un confinement strict à la ville après la découverte de "
                        "nouveaux cas de Covid, selon les médias d'Etat. Les marchés, les bureaux et tous les autres "
                        "établissements publics resteront fermés jusqu'à nouvel ordre.", "fr"))
    assert EPIDEMIC in _first(far), far


# -------------------------------------------------------------------------------- more senses

def test_christmas_in_a_market_report_is_not_religion() -> None:
    t = tag_topics(_d("Wall Street termine en légère hausse avant Noël",
                      "NEW YORK (Reuters) - Wall Street a fini en légère hausse mercredi, dans une séance écourtée à la "
                      "veille de Noël ; le Dow Jones a gagné 0,1% et le Nasdaq 0,2% à la clôture.", "fr"))
    assert "medtop:12000000" not in _closure(t), t  # religion
    assert _first(t) & {"medtop:20000385", "medtop:20000186"}, t  # market and exchange, stock activity


def test_the_cannes_grand_prix_is_not_motor_racing() -> None:
    t = tag_topics(_d("Cannes : la Palme d'or à une cinéaste française",
                      "CANNES (AFP) - Le jury du Festival de Cannes a décerné la Palme d'or à une réalisatrice française ; "
                      "le Grand Prix est revenu à un film britannique.", "fr"))
    assert "medtop:20000991" not in _closure(t), t  # motor car racing
    assert _first(t) & {"medtop:20000006", "medtop:20000005"}, t  # film festival, cinema


def test_a_quake_off_fukushima_is_not_a_nuclear_accident() -> None:
    t = tag_topics(_d("Strong quake off Fukushima triggers tsunami warning",
                      "TOKYO (AP) — A magnitude 7.1 earthquake struck off the coast of Fukushima prefecture on Saturday, "
                      "and a tsunami warning was issued for the coast.", "en"))
    assert "medtop:20000142" not in _closure(t), t  # nuclear accident
    assert "medtop:20000153" in _first(t), t  # earthquake


def test_a_lorry_driver_is_not_a_ferry() -> None:
    """``Fähre`` (ferry) folds to ``fahre``: a ``Fahrer`` (driver) is no ship."""
    t = tag_topics(_d("Lkw-Fahrer bei Unfall verletzt", "Kassel (dpa) - Ein Lkw-Fahrer ist bei einem Unfall auf der A7 "
                      "schwer verletzt worden; der Fahrer fuhr auf ein Stauende auf.", "de"))
    assert SHIPPING not in _closure(t), t
    t = tag_topics(_d("Fähre nach Helgoland fällt aus", "Cuxhaven (dpa) - Die Fähre nach Helgoland fällt wegen Sturm aus, "
                      "teilte die Reederei mit.", "de"))
    assert SHIPPING in _closure(t), t


# -------------------------------------------------------------------------------- classes found on held-out copy

def test_german_compounds_end_with_their_topic_word() -> None:
    """``*brand`` is a word ending: Waldbrand, Wohnungsbrand, Lagerhallenbrand are fires."""
    t = tag_topics(_d("Waldbrand bei Jüterbog weitet sich aus", "Potsdam (dpa) - Der Waldbrand bei Jüterbog hat sich auf "
                      "300 Hektar ausgeweitet; Einsatzkräfte kämpfen gegen die Glutnester.", "de"))
    assert "medtop:20000150" in _closure(t[:1]) or "medtop:20001202" in _closure(t[:1]), t  # fire / wildfire
    t = tag_topics(_d("Generalstreik legt Häfen lahm", "Rom (dpa) - Ein Generalstreik hat am Freitag die italienischen "
                      "Häfen lahmgelegt.", "de"))
    assert "medtop:20000530" in _first(t), t  # labour strike
    t = tag_topics(_d("Häftling im Hungerstreik", "Moskau (dpa) - Der inhaftierte Oppositionelle ist nach Angaben seiner "
                      "Anwälte in einen Hungerstreik getreten.", "de"))
    assert "medtop:20000530" not in _closure(t), t


def test_melting_glaciers_are_climate_not_skiing() -> None:
    t = tag_topics(_d("I ghiacciai alpini perdono il 5% del volume", "BERNA (ANSA) - I ghiacciai svizzeri hanno perso il 5% "
                      "del loro volume quest'anno, secondo i glaciologi; le stazioni sciistiche e gli impianti di sci "
                      "dovranno adattarsi.", "it"))
    assert "medtop:20000418" in _first(t), t  # climate change
    assert "medtop:20001056" not in _closure(t), t  # skiing


def test_a_wild_animal_in_town_is_an_animal_story() -> None:
    t = tag_topics(_d("Un cocodrilo aparece en una piscina municipal de Florida",
                      "MIAMI (EFE) - Los bañistas de una piscina municipal se llevaron una sorpresa al encontrar un "
                      "cocodrilo de dos metros; el animal fue capturado por especialistas de fauna silvestre.", "es"))
    assert "medtop:20000500" in _first(t), t


def test_a_dam_burst_is_a_flood() -> None:
    t = tag_topics(_d("Rompimento de um dique deixa dezenas de desalojados",
                      "MAPUTO, 3 fev (Lusa) - O rompimento de um dique durante chuvas torrenciais deixou dezenas de "
                      "famílias desalojadas, segundo as autoridades.", "pt"))
    assert "medtop:20000154" in _first(t), t


def test_a_war_in_a_title_is_an_arts_story() -> None:
    t = tag_topics(_d("El premio de novela gráfica, para «La guerra de los gatos»",
                      "MADRID, 3 Mar. (EUROPA PRESS) - La dibujante ha ganado el premio nacional de cómic con su novela "
                      "gráfica «La guerra de los gatos», anunció el jurado.", "es"))
    assert not _closure(t) & {"medtop:20000062", "medtop:20000056"}, t
    assert "medtop:01000000" in _first(t) or "medtop:20000498" in _first(t), t
