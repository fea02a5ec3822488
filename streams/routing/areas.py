"""Region codes for desk routing: ISO 3166-1 alpha-2 countries and UN M49 regions.

The table ``data/regions.json`` (built by ``scripts/build_routing_regions.py`` from the
shipped gazetteer) gives, for each country the region tagger can emit, its M49 region,
sub-region and intermediate region (France: ``150`` Europe, ``155`` Western Europe;
Kenya: ``002`` Africa, ``202`` Sub-Saharan Africa, ``014`` Eastern Africa), and the
English names of the M49 codes.  ``001`` (World) contains every country.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Iterable

WORLD = "001"


@cache
def _table() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("data", "regions.json").read_text("utf-8"))


def countries() -> dict[str, dict[str, Any]]:
    return _table()["countries"]


def m49_names() -> dict[str, str]:
    return _table()["m49"]


def is_country(code: str) -> bool:
    return code in countries()


def is_m49(code: str) -> bool:
    return code in m49_names()


def name(code: str) -> str:
    """``France``, ``Western Asia`` ... (the code itself when unknown)."""
    c = countries().get(code)
    if c is not None:
        return c["name"]
    return m49_names().get(code, code)


def m49_of(code: str) -> tuple[str, ...]:
    """The M49 regions a country lies in, broadest first (without World)."""
    c = countries().get(code)
    return tuple(c["m49"]) if c else ()


def areas_of_region(region: dict[str, Any]) -> set[str]:
    """Every code an event region answers to: its country code, its M49 region, sub-region and
    intermediate region (from the table and from the event itself) and World."""
    code = region.get("code")
    out = {WORLD}
    if not isinstance(code, str):
        return out
    out.add(code)
    out.update(m49_of(code))
    for key in ("m49_region", "m49_subregion"):
        m = region.get(key)
        if isinstance(m, dict):
            if m.get("code"):
                out.add(str(m["code"]))
            inter = m.get("intermediate")
            if isinstance(inter, dict) and inter.get("code"):
                out.add(str(inter["code"]))
    return out


def normalise(value: Any) -> tuple[str | None, str | None]:
    """A routes-file region value -> (code, error).  ``fr`` -> ``FR``; ``150`` or ``"150"`` -> ``150``;
    ``2`` -> ``002`` (an integer is an M49 code without its leading zeros)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, f"{value!r} is not a region code (an ISO 3166-1 alpha-2 code such as FR, or a UN M49 code such as '150')"
    if isinstance(value, int):
        code = f"{value:03d}" if 0 <= value < 1000 else str(value)
        if is_m49(code):
            return code, None
        return None, f"{value} is not a UN M49 region code (known: {', '.join(sorted(m49_names()))})"
    s = value.strip()
    if s.isdigit():
        code = s.zfill(3)
        if is_m49(code):
            return code, None
        return None, (f"{s!r} is not a UN M49 region code (known: {', '.join(sorted(m49_names()))}; "
                      "for a country give its ISO 3166-1 alpha-2 code, e.g. FR)")
    code = s.upper()
    if is_country(code):
        return code, None
    return None, f"{s!r} is neither an ISO 3166-1 alpha-2 country code the region tagger knows nor a UN M49 region code"


def describe(codes: Iterable[str]) -> str:
    return ", ".join(f"{c} ({name(c)})" for c in codes)
