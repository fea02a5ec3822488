"""Fast paths of the region tagger (streams/regions), pinned against the plain code they stand for."""
from __future__ import annotations

import gc
import gzip
from importlib import resources

from streams.regions import gazetteer as gz
from streams.regions import tagger as rt

# ---------------------------------------------------------------------------------------------
# the towns table: loaded with the tagger, with the collector paused

def test_small_town_dateline_is_geocoded_from_the_towns_table() -> None:
    gaz = rt.get_gazetteer()
    assert gaz.towns("no such town at all") == []
    key, ((cc, _pop, lat, lon),) = next((k, v) for k, v in gaz._towns.items()
                                        if len(v) == 1 and k.isalpha() and not gaz.lookup(k))
    tagger = rt.RegionTagger(gaz)
    assert tagger._geocode_raw(key.title(), None, "en", set(), ())[0] == (cc, (lat, lon))


def test_towns_load_pauses_the_collector_and_restores_its_state() -> None:
    raw = resources.files(gz.__package__).joinpath("data", gz.TOWNS_FILE).read_bytes()
    assert gc.isenabled()
    assert gz._load_towns(raw)  # loads with the collector paused ...
    assert gc.isenabled()  # ... and turns it back on
    gc.disable()
    try:
        gz._load_towns(raw)
        assert not gc.isenabled()  # a collector turned off by the caller stays off
    finally:
        gc.enable()


def test_a_tagger_loads_the_towns_table_when_it_is_made() -> None:
    gaz = gz.Gazetteer.load()
    assert gaz._towns is None  # the gazetteer alone does not
    rt.RegionTagger(gaz)
    assert gaz._towns
