"""Property tests: whatever comes in, the parser raises nothing but DispatchError,
and ``streams.pipeline.prepare`` raises nothing at all."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.model import DispatchError, Envelope, ParsedDispatch
from streams.parsing import decode, parse
from streams.pipeline import prepare

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of wire copy, so that generated texts reach deep into the parser, not only the decoder.
_PIECES = [
    "UPDATE 2-", "(CORRECTED) - ", "ECLAIRAGE-", "-presse", " - sources", ": officials", "\n", "\n\n", "    ",
    "PARIS, 14 juillet (Reuters) - ", "SALVADOR, Feb 26 - ", "BERLIN, 14. Juli (Reuters) -", "Damaskus – ",
    "SOCHI, Russia (Reuters) - ", "VOIR AUSSI:", "SEE ALSO:", "(Reporting by X; Editing by Y)", "((contact))",
    "(Adds quote)", " Reuter\n", "REUTERS", "&#3;", "\x01", "\x03", "Keywords: X", "Vous devez être membre",
    "(", ")", "((", "-", "–", ":", ";", "le\n0\n", "Feb 29", "Dec 31", "[nL5N1A2B3C]", "é", "Ã©", "\ud800",
]
wire_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=40).map("".join)
received = st.one_of(st.none(), st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30),
                                             timezones=st.just(timezone.utc)))


def _check_parse(text, received_at=None, language=None):
    try:
        p = parse(Envelope(id=None, text=text, received_at=received_at, language=language), max_bytes=4096)
    except DispatchError as e:
        # parse_error is the safety net for a bug: it must never be needed.
        assert e.code in {"empty", "binary", "too_large", "no_body"}, (e.code, e.message)
        return
    assert isinstance(p, ParsedDispatch)
    assert all(isinstance(x, str) and x for x in p.paragraphs)
    assert isinstance(p.headline, str)
    # a dispatch has a body, or it is a headline-only alert
    assert p.paragraphs or (len(p.headline.split()) >= 2 and "ALERT" in p.flags or {"FLASH", "URGENT", "BULLETIN"} & set(p.flags))
    d = p.dateline.date
    assert d is None or (len(d) == 10 and d[4] == "-") or (len(d) == 7 and d.startswith("--"))


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data):
    _check_parse(data)


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text(text):
    _check_parse(text)


@SETTINGS
@given(wire_text, received, st.one_of(st.none(), st.sampled_from(["fr", "en"])))
def test_wire_like_text(text, received_at, language):
    _check_parse(text, received_at, language)
    _check_parse(text.encode("utf-8", "surrogatepass"), received_at, language)


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000)))
def test_decode_raises_only_dispatch_error(data):
    try:
        out = decode(data)
    except DispatchError as e:
        assert e.code == "binary"
        return
    assert isinstance(out, str)
    assert "\x03" not in out and "\r" not in out


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000), wire_text,
                 st.builds(lambda t: ('{"text": %s}' % t).encode(), st.text(max_size=200)),
                 st.just(b'{"text": 5}'), st.just(b"{not json"), st.just(b'{"id": 1}'), st.none()))
def test_prepare_never_raises(message):
    out = prepare(message)
    assert out is not None
    if isinstance(out, dict):
        assert out.get("kind") == "rejected"


_BIG = (1 << 20) - 64
_ADVERSARIAL = {
    "open_contact_blocks": "H\n\n" + "((" * (_BIG // 2 - 4),
    "open_contact_blocks_text": "H\n\n" + "((a " * (_BIG // 4 - 4),
    "one_long_line": "H\n\n" + "word " * (_BIG // 5 - 4),
    "many_short_lines": "H\n\n" + "    word\n" * (_BIG // 9 - 4),
    "long_headline_of_attributions": "H" + " - sources" * (_BIG // 10 - 4) + "\n\nbody text",
    "long_see_also": "H\n\nbody\nSEE ALSO:\n" + "UPDATE 1-x\n" * (_BIG // 11 - 10),
    "long_credit_line": "H\n\nbody\n\n(" + "Reporting by A B; " * (_BIG // 18 - 4) + ")",
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(_ADVERSARIAL))
def test_adversarial_inputs_near_the_size_limit_stay_linear(name):
    import time

    started = time.process_time()
    try:
        parse(Envelope(id=None, text=_ADVERSARIAL[name]))
    except DispatchError as e:
        assert e.code in {"no_body", "empty"}
    assert time.process_time() - started < 15  # about 1 s on a laptop core; quadratic would be minutes
