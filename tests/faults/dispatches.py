"""Realistic invented wire dispatches (3-4 KB, six languages) with re-sends, for fault runs and benchmarks.

Every dispatch is invented here from sentence templates in each agency's house style (dateline, lead,
quotes, figures, credits); nothing is copied from a corpus.  ``--corpus`` in the benchmark reads real
stories from a path instead.

    from faults.dispatches import generate
    items = generate(3000, languages=("en", "fr"), resend_ratio=0.1, seed=1)
    # [(id, envelope_bytes, source_key, resend_of or None), ...]
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import orjson

LANGS = ("en", "fr", "de", "es", "it", "pt")

CITIES = {
    "en": ["LONDON", "WASHINGTON", "NEW YORK", "SYDNEY", "TORONTO", "NAIROBI", "SINGAPORE", "CHICAGO"],
    "fr": ["PARIS", "BRUXELLES", "GENÈVE", "DAKAR", "MONTRÉAL", "LYON", "ABIDJAN", "MARSEILLE"],
    "de": ["BERLIN", "FRANKFURT", "WIEN", "ZÜRICH", "MÜNCHEN", "HAMBURG", "KÖLN", "BERN"],
    "es": ["MADRID", "BUENOS AIRES", "MÉXICO", "BOGOTÁ", "LIMA", "SANTIAGO", "BARCELONA", "CARACAS"],
    "it": ["ROMA", "MILANO", "NAPOLI", "TORINO", "FIRENZE", "BOLOGNA", "GENOVA", "PALERMO"],
    "pt": ["LISBOA", "SÃO PAULO", "RIO DE JANEIRO", "BRASÍLIA", "PORTO", "LUANDA", "MAPUTO", "RECIFE"],
}
MONTHS = {
    "en": "Jan Feb March April May June July Aug Sept Oct Nov Dec".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "es": "ene feb mar abr may jun jul ago sep oct nov dic".split(),
    "it": "gen feb mar apr mag giu lug ago set ott nov dic".split(),
    "pt": "jan fev mar abr mai jun jul ago set out nov dez".split(),
}
FIRST = ["Anna", "Marco", "Lena", "Jorge", "Claire", "Tomas", "Ines", "Pavel", "Nadia", "Oskar", "Rita", "Hugo",
         "Elena", "Karim", "Sofia", "Bruno", "Maya", "Diego", "Alice", "Felix"]
LAST = ["Berger", "Moreau", "Santos", "Keller", "Rossi", "Lindqvist", "Okafor", "Duval", "Ferreira", "Novak",
        "Alvarez", "Hartmann", "Conti", "Brennan", "Sato", "Petrov", "Mendes", "Fischer", "Laurent", "Quinn"]
ORGS = ["Nordwind", "Aurelia", "Castell", "Veritas", "Polaris", "Meridian", "Tessera", "Halcyon", "Orbis",
        "Calder", "Lumina", "Sextant", "Brisa", "Korund", "Valmont", "Arbor"]
SUBJECTS = {
    "en": ["port workers", "the central bank", "wheat growers", "the rail operator", "hospital staff",
           "the energy regulator", "coffee exporters", "the airline", "steel makers", "teachers' unions"],
    "fr": ["les dockers", "la banque centrale", "les céréaliers", "l'opérateur ferroviaire", "les soignants",
           "le régulateur de l'énergie", "les exportateurs de café", "la compagnie aérienne", "les sidérurgistes",
           "les syndicats enseignants"],
    "de": ["die Hafenarbeiter", "die Zentralbank", "die Weizenbauern", "der Bahnbetreiber", "das Klinikpersonal",
           "die Energieaufsicht", "die Kaffeeexporteure", "die Fluggesellschaft", "die Stahlhersteller",
           "die Lehrergewerkschaften"],
    "es": ["los estibadores", "el banco central", "los productores de trigo", "el operador ferroviario",
           "el personal sanitario", "el regulador energético", "los exportadores de café", "la aerolínea",
           "los fabricantes de acero", "los sindicatos docentes"],
    "it": ["i portuali", "la banca centrale", "i coltivatori di grano", "l'operatore ferroviario",
           "il personale sanitario", "l'autorità per l'energia", "gli esportatori di caffè", "la compagnia aerea",
           "le acciaierie", "i sindacati della scuola"],
    "pt": ["os estivadores", "o banco central", "os produtores de trigo", "o operador ferroviário",
           "os profissionais de saúde", "o regulador de energia", "os exportadores de café", "a companhia aérea",
           "as siderúrgicas", "os sindicatos de professores"],
}
HEADLINES = {
    "en": ["{org} TO CUT {n} JOBS AS {subj_up} PROTEST", "{subj_up} REJECT {org} OFFER OF {p} PCT",
           "{org} PROFIT RISES {p} PCT ON {subj_up} DEMAND", "TALKS BETWEEN {org} AND {subj_up} STALL AFTER {n} HOURS"],
    "fr": ["{org} va supprimer {n} emplois, {subj} protestent", "{subj_cap} rejettent l'offre de {p}% de {org}",
           "Le bénéfice de {org} progresse de {p}%", "Les discussions entre {org} et {subj} bloquées après {n} heures"],
    "de": ["{org} streicht {n} Stellen - {subj_cap} protestieren", "{subj_cap} lehnen Angebot von {org} über {p} Prozent ab",
           "{org} steigert Gewinn um {p} Prozent", "Gespräche zwischen {org} und Gewerkschaft nach {n} Stunden festgefahren"],
    "es": ["{org} recortará {n} empleos y {subj} protestan", "{subj_cap} rechazan la oferta del {p}% de {org}",
           "El beneficio de {org} sube un {p}%", "Se estancan las negociaciones entre {org} y {subj} tras {n} horas"],
    "it": ["{org} taglia {n} posti, protestano {subj}", "{subj_cap} respingono l'offerta del {p}% di {org}",
           "L'utile di {org} sale del {p}%", "Stallo nelle trattative tra {org} e {subj} dopo {n} ore"],
    "pt": ["{org} vai cortar {n} empregos e {subj} protestam", "{subj_cap} rejeitam oferta de {p}% da {org}",
           "Lucro da {org} sobe {p}%", "Negociações entre {org} e {subj} travam após {n} horas"],
}
SENTENCES = {
    "en": ["{subj_cap} said on {day} that {n} members would stop work from {date2} unless {org} raised its offer.",
           "{org} chief executive {person} told reporters the company had already lost {m} million {cur} this year.",
           "\"We cannot accept a deal that leaves {n} families without an income,\" said {person}, a spokesperson.",
           "Shares in {org} fell {p} percent to {price} in early trading, their lowest level since {year}.",
           "The dispute is the {ord} this year and follows a {p} percent rise in living costs in the region.",
           "Analysts at {org2} estimated the cost of a {n}-day stoppage at around {m} million {cur}.",
           "Officials at the labour ministry said mediators would meet both sides again on {day}.",
           "{person} said the group had invested {m} million {cur} in new equipment since {year}.",
           "About {n} people gathered outside the headquarters of {org} on {day}, police said.",
           "The government has promised to publish a review of the sector by {date2}, a ministry official said.",
           "Output at the main plant in {city2} fell {p} percent in the third quarter, according to company figures.",
           "{org2} said it expected volumes to recover by {year2} if the talks succeeded."],
    "fr": ["{subj_cap} ont annoncé {day} que {n} salariés cesseraient le travail à partir du {date2} si {org} ne relevait pas son offre.",
           "Le directeur général de {org}, {person}, a déclaré que le groupe avait déjà perdu {m} millions d'euros cette année.",
           "\"Nous ne pouvons pas accepter un accord qui laisse {n} familles sans revenu\", a déclaré {person}, porte-parole.",
           "L'action {org} a reculé de {p}% à {price} euros en début de séance, au plus bas depuis {year}.",
           "Ce conflit est le {ord} de l'année et intervient après une hausse de {p}% du coût de la vie dans la région.",
           "Les analystes de {org2} estiment le coût d'un arrêt de {n} jours à environ {m} millions d'euros.",
           "Le ministère du Travail a indiqué que les médiateurs recevraient de nouveau les deux parties {day}.",
           "{person} a précisé que le groupe avait investi {m} millions d'euros dans de nouveaux équipements depuis {year}.",
           "Environ {n} personnes se sont rassemblées devant le siège de {org} {day}, selon la police.",
           "Le gouvernement a promis de publier un rapport sur le secteur d'ici le {date2}, a dit un responsable.",
           "La production du principal site de {city2} a baissé de {p}% au troisième trimestre, selon l'entreprise.",
           "{org2} s'attend à un redressement des volumes d'ici {year2} si les discussions aboutissent."],
    "de": ["{subj_cap} kündigten am {day} an, {n} Beschäftigte würden ab dem {date2} die Arbeit niederlegen, sollte {org} nicht nachbessern.",
           "{org}-Chef {person} sagte, das Unternehmen habe in diesem Jahr bereits {m} Millionen Euro verloren.",
           "\"Wir können keine Einigung akzeptieren, die {n} Familien ohne Einkommen lässt\", sagte Sprecher {person}.",
           "Die Aktie von {org} fiel im frühen Handel um {p} Prozent auf {price} Euro, den tiefsten Stand seit {year}.",
           "Es ist der {ord} Konflikt in diesem Jahr, nachdem die Lebenshaltungskosten in der Region um {p} Prozent stiegen.",
           "Analysten von {org2} schätzen die Kosten eines {n}-tägigen Ausstands auf rund {m} Millionen Euro.",
           "Das Arbeitsministerium teilte mit, die Schlichter würden beide Seiten am {day} erneut treffen.",
           "{person} sagte, der Konzern habe seit {year} {m} Millionen Euro in neue Anlagen investiert.",
           "Rund {n} Menschen versammelten sich am {day} vor der Zentrale von {org}, wie die Polizei mitteilte.",
           "Die Regierung hat zugesagt, bis zum {date2} einen Bericht über die Branche vorzulegen.",
           "Die Produktion im Hauptwerk in {city2} sank im dritten Quartal um {p} Prozent, so das Unternehmen.",
           "{org2} erwartet eine Erholung der Mengen bis {year2}, falls die Gespräche Erfolg haben."],
    "es": ["{subj_cap} anunciaron el {day} que {n} trabajadores pararán desde el {date2} si {org} no mejora su oferta.",
           "El consejero delegado de {org}, {person}, dijo que la empresa ya había perdido {m} millones de euros este año.",
           "\"No podemos aceptar un acuerdo que deje a {n} familias sin ingresos\", dijo {person}, portavoz.",
           "Las acciones de {org} cayeron un {p} por ciento a {price} euros al inicio de la sesión, su nivel más bajo desde {year}.",
           "El conflicto es el {ord} del año y llega tras una subida del {p} por ciento del coste de la vida en la región.",
           "Analistas de {org2} calcularon el coste de un paro de {n} días en unos {m} millones de euros.",
           "El Ministerio de Trabajo indicó que los mediadores volverán a reunirse con ambas partes el {day}.",
           "{person} dijo que el grupo había invertido {m} millones de euros en nuevos equipos desde {year}.",
           "Unas {n} personas se concentraron el {day} ante la sede de {org}, según la policía.",
           "El Gobierno prometió publicar un informe sobre el sector antes del {date2}, dijo un funcionario.",
           "La producción de la planta principal de {city2} cayó un {p} por ciento en el tercer trimestre.",
           "{org2} espera que los volúmenes se recuperen en {year2} si las conversaciones prosperan."],
    "it": ["{subj_cap} hanno annunciato {day} che {n} lavoratori sciopereranno dal {date2} se {org} non migliorerà l'offerta.",
           "L'amministratore delegato di {org}, {person}, ha detto che il gruppo ha già perso {m} milioni di euro quest'anno.",
           "\"Non possiamo accettare un accordo che lascia {n} famiglie senza reddito\", ha detto {person}, portavoce.",
           "Le azioni di {org} sono scese del {p}% a {price} euro in apertura, ai minimi dal {year}.",
           "La vertenza è la {ord} dell'anno e segue un aumento del {p}% del costo della vita nella regione.",
           "Gli analisti di {org2} stimano il costo di un fermo di {n} giorni in circa {m} milioni di euro.",
           "Il ministero del Lavoro ha fatto sapere che i mediatori incontreranno di nuovo le parti {day}.",
           "{person} ha detto che il gruppo ha investito {m} milioni di euro in nuovi impianti dal {year}.",
           "Circa {n} persone si sono radunate {day} davanti alla sede di {org}, secondo la polizia.",
           "Il governo ha promesso di pubblicare un rapporto sul settore entro il {date2}, ha detto un funzionario.",
           "La produzione dello stabilimento principale di {city2} è calata del {p}% nel terzo trimestre.",
           "{org2} prevede una ripresa dei volumi entro il {year2} se le trattative andranno a buon fine."],
    "pt": ["{subj_cap} anunciaram {day} que {n} trabalhadores vão parar a partir de {date2} se a {org} não melhorar a oferta.",
           "O presidente-executivo da {org}, {person}, disse que a empresa já perdeu {m} milhões de euros este ano.",
           "\"Não podemos aceitar um acordo que deixa {n} famílias sem rendimento\", disse {person}, porta-voz.",
           "As ações da {org} caíram {p}% para {price} euros no início do pregão, o menor nível desde {year}.",
           "O conflito é o {ord} do ano e surge após uma alta de {p}% no custo de vida na região.",
           "Analistas da {org2} estimam o custo de uma paralisação de {n} dias em cerca de {m} milhões de euros.",
           "O Ministério do Trabalho informou que os mediadores voltarão a reunir-se com as partes {day}.",
           "{person} disse que o grupo investiu {m} milhões de euros em novos equipamentos desde {year}.",
           "Cerca de {n} pessoas concentraram-se {day} em frente à sede da {org}, segundo a polícia.",
           "O governo prometeu publicar um relatório sobre o setor até {date2}, disse um responsável.",
           "A produção da fábrica principal em {city2} caiu {p}% no terceiro trimestre, segundo a empresa.",
           "A {org2} espera uma recuperação dos volumes até {year2} se as negociações avançarem."],
}
DAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
        "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
        "es": ["lunes", "martes", "miércoles", "jueves", "viernes"],
        "it": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì"],
        "pt": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"]}
ORD = {"en": ["second", "third", "fourth"], "fr": ["deuxième", "troisième", "quatrième"],
       "de": ["zweite", "dritte", "vierte"], "es": ["segundo", "tercero", "cuarto"],
       "it": ["seconda", "terza", "quarta"], "pt": ["segundo", "terceiro", "quarto"]}
CREDITS = {"en": "(Reporting by {a}; Editing by {b})", "fr": "({a}, édité par {b})",
           "de": "(Reporter: {a}; Redigiert von {b})", "es": "(Información de {a}; editado por {b})",
           "it": "(Hanno collaborato {a}; in redazione {b})", "pt": "(Reportagem de {a}; edição de {b})"}
AGENCY = {"en": "Reuters", "fr": "Reuters", "de": "Reuters", "es": "Reuters", "it": "Reuters", "pt": "Reuters"}


@dataclass
class Item:
    id: str
    value: bytes  # the JSON envelope as sent
    key: bytes  # the feed (source): one feed stays in order in one raw partition
    language: str
    resend_of: str | None = None


def _person(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def dispatch_text(r: random.Random, lang: str, when: datetime, size: int = 3400) -> str:
    org, org2 = r.sample(ORGS, 2)
    subj = r.choice(SUBJECTS[lang])
    slots = {
        "org": f"{org} {r.choice(['Group', 'Holdings', 'SA', 'AG', 'Lines', 'Energy', 'Foods'])}", "org2": org2,
        "subj": subj, "subj_cap": subj[:1].upper() + subj[1:], "subj_up": subj.upper(),
        "n": r.randint(12, 9800), "p": round(r.uniform(0.5, 19.5), 1), "m": r.randint(3, 900),
        "price": round(r.uniform(2, 300), 2), "year": r.randint(1998, 2022), "year2": r.randint(2027, 2031),
        "day": r.choice(DAYS[lang]), "ord": r.choice(ORD[lang]), "cur": "dollars", "city2": r.choice(CITIES[lang]).title(),
        "date2": f"{r.randint(1, 28)} {r.choice(MONTHS[lang])}",
    }
    headline = r.choice(HEADLINES[lang]).format(**slots)
    city = r.choice(CITIES[lang])
    month = MONTHS[lang][when.month - 1]
    if lang == "en":
        dateline = f"{city}, {month} {when.day} ({AGENCY[lang]}) - "
    elif lang == "de":
        dateline = f"{city}, {when.day}. {month} ({AGENCY[lang]}) - "
    else:
        dateline = f"{city}, {when.day} {month} ({AGENCY[lang]}) - "
    paras: list[str] = []
    pool = list(SENTENCES[lang])
    r.shuffle(pool)
    total = len(headline)
    i = 0
    while total < size - 150:
        tmpl = pool[i % len(pool)]
        slots.update(person=_person(r), n=r.randint(12, 9800), p=round(r.uniform(0.5, 19.5), 1),
                     m=r.randint(3, 900))
        para = tmpl.format(**slots)
        if r.random() < 0.5:
            slots.update(person=_person(r), n=r.randint(12, 9800), m=r.randint(3, 900))
            para += " " + pool[(i + 5) % len(pool)].format(**slots)
        paras.append(para)
        total += len(para) + 6
        i += 1
    paras[0] = dateline + paras[0]
    credits = CREDITS[lang].format(a=_person(r), b=_person(r))
    body = "\n".join("    " + p for p in paras)
    return f"{headline}\n\n{body}\n\n {credits}\n"


def generate(n: int, languages: tuple[str, ...] = LANGS, *, resend_ratio: float = 0.1, seed: int = 1,
             prefix: str = "g", start: datetime | None = None, size: int = 3400) -> list[Item]:
    """``n`` envelopes: new stories and, for ``resend_ratio`` of them, exact re-sends of an earlier one
    (same text, new id) - which the worker must mark ``duplicate``."""
    r = random.Random(seed)
    start = start or datetime.now(timezone.utc).replace(microsecond=0)
    items: list[Item] = []
    originals: list[Item] = []
    texts: dict[str, str] = {}
    for i in range(n):
        when = start + timedelta(seconds=i)
        if originals and r.random() < resend_ratio:
            orig = r.choice(originals)
            ident = f"{prefix}-{i}"
            env = {"id": ident, "text": texts[orig.id], "received_at": when.isoformat(),
                   "source": f"wire-{orig.language}", "language": orig.language}
            items.append(Item(ident, orjson.dumps(env), f"wire-{orig.language}".encode(), orig.language, orig.id))
            continue
        lang = languages[i % len(languages)]
        ident = f"{prefix}-{i}"
        text = dispatch_text(r, lang, when, size)
        texts[ident] = text
        env = {"id": ident, "text": text, "received_at": when.isoformat(), "source": f"wire-{lang}",
               "language": lang}
        it = Item(ident, orjson.dumps(env), f"wire-{lang}".encode(), lang)
        items.append(it)
        originals.append(it)
    return items


def resend(item: Item, ident: str) -> Item:
    """An exact re-send of ``item`` under a new id."""
    env = orjson.loads(item.value)
    env["id"] = ident
    return Item(ident, orjson.dumps(env), item.key, item.language, item.id)


if __name__ == "__main__":  # a quick look: python tests/faults/dispatches.py
    for it in generate(4, seed=3):
        print(orjson.loads(it.value)["text"][:600], "\n---", len(it.value), "bytes")
