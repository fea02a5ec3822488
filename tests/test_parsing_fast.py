"""Fast paths of the parser (fourth speed pass) pinned against the plain rule they stand for.

Each fast path must give the same answer as the slow form on every input: examples built from the rule
vocabulary, their near misses, and random text (hypothesis).
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing import page
from streams.parsing.rules import RULES

_ROLE_PHRASES = sorted(set(RULES.credit_roles) | {"Reporting by", "Additional reporting by", "Editing by", "Rédigé par",
                                                  "Édité par", "Mitarbeit", "Writing by", "Redacción de"})
_AGENCIES = sorted({a for a in page._DATA["agencies"] if len(a) >= 2})
_SEE_ALSO = sorted({s.lower() for s in RULES.see_also})


def _near_misses(e: str) -> set[str]:
    out = {e, " " + e, e + " ", e[:-1], e[1:], e + "x", "x" + e, e.upper(), e.lower(), e.replace(" ", "  "),
           e.replace(" ", "\n"), e[:len(e) // 2]}
    return out


# -- credit roles: RULES.credit_role_test is RULES.credit_role_re.match as a yes/no test -------------------------

def _credit_examples() -> list[str]:
    out = []
    for phrase in _ROLE_PHRASES:
        for text in (f"{phrase} Jane Doe", f"({phrase} Jane Doe; Editing by Max Roe)", f"with {phrase}: A. B",
                     f"and {phrase}", f"  {phrase}   Ann Lee in Paris", f"{phrase}Ann", phrase):
            out.extend(_near_misses(text))
    return out


def test_credit_role_test_answers_as_the_regex_on_the_vocabulary() -> None:
    examples = _credit_examples()
    hits = 0
    for t in examples:
        slow = RULES.credit_role_re.match(t) is not None
        assert (RULES.credit_role_test(t) is not None) == slow, t
        hits += slow
    assert hits >= len(examples) // 4  # the examples do exercise the matching side


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_ROLE_PHRASES + [" ", ":", "with ", "et ", "Jane", "\n", "é"]),
                          st.text(max_size=6)), max_size=6).map("".join))
def test_credit_role_test_on_random_text(t: str) -> None:
    assert (RULES.credit_role_test(t) is not None) == (RULES.credit_role_re.match(t) is not None)


# -- see-also blocks: the trie search answers as the plain alternation -------------------------------------------

_SEE_ALSO_PLAIN = re.compile(RULES.any_see_also_plain, re.M)


def test_see_also_trie_answers_as_the_plain_alternation() -> None:
    hits = 0
    for phrase in _SEE_ALSO:
        for e in _near_misses(phrase):
            for t in (e, "- " + e + ":", "the company said\n" + e + "\nin a statement", " * " + e, "•" + e):
                slow = _SEE_ALSO_PLAIN.search(t) is not None
                assert (RULES.any_see_also_re.search(t) is not None) == slow, t
                assert RULES.has_see_also(t) == slow, t
                hits += slow
    assert hits > 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_SEE_ALSO + ["\n", " ", "*", "-", "•", "x"]), st.text(max_size=5)),
                max_size=8).map("".join))
def test_see_also_trie_on_random_text(t: str) -> None:
    assert (RULES.any_see_also_re.search(t) is not None) == (_SEE_ALSO_PLAIN.search(t) is not None)


# -- agency codes ending a paragraph: the test is _TRAIL_CODE.search ---------------------------------------------

def _trail_examples() -> list[str]:
    out = []
    for a in _AGENCIES:
        for code in (a, a + ".", f"({a})", f"({a}).", a.upper(), a.lower()):
            for before in ("The talks ended.", "He said: \"no\"", "(see page 2)", "Fin", "the end ."):
                out.extend(_near_misses(before + code))
                out.append(before + " " + code + "  ")
    out += ["aufgerufen./maa/DP/stw", "Gisenyi. (JAV)", "Martino. adnk", "bambini. (ANSA).", "x./ab/", "no code."]
    return out


def test_trail_code_test_answers_as_the_search() -> None:
    examples = _trail_examples()
    hits = 0
    for t in examples:
        for tail in (t, t[-60:]):
            slow = page._TRAIL_CODE.search(tail) is not None
            assert (page._TRAIL_CODE_TEST(tail) is not None) == slow, tail
            hits += slow
    assert hits > len(examples) // 2


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_AGENCIES[:40] + [".", ")", "(", " ", "/", "ab", "\"", "]", "!"]),
                          st.text(max_size=4)), max_size=8).map("".join))
def test_trail_code_test_on_random_text(t: str) -> None:
    assert (page._TRAIL_CODE_TEST(t) is not None) == (page._TRAIL_CODE.search(t) is not None)


# -- headline helpers: the string pre-checks before the expressions -----------------------------------------------

def _ends_with_full_stop_plain(s: str) -> bool:
    m = page._FULL_STOP_END.search(s)
    if not m:
        return False
    w = m.group("w")
    if w.endswith("..") or s.endswith("..."):
        return False
    return (page.loose_fold(w.lstrip("(\"'«“")) not in page._ABBREV
            and not (len(w) >= 2 and w[-2] == "." and w[-1].isupper()))


def _strip_kicker_plain(s: str) -> str:
    m = page._KICKER_SLUG.match(s)
    if m and len(s) - m.end() >= 15:
        return s[m.end():].strip()
    m = page._KICKER_COLON.match(s)
    if m:
        k, rest = m.group("k"), m.group("rest")
        kw = page._words(k)
        if len(rest) >= 15 and kw:
            if page._KICKER_CODE.match(k) and rest[:1].islower() and not m.group(0)[len(k):].startswith(" "):
                return rest
            if (len(kw) >= 3 and all(w[:1].isupper() for w in kw) and page.stop_ratio(kw) == 0
                    and not any(c in k for c in "-–—,'’\"") and not k.isupper()):
                return rest
    return s


_HEADLINE_BITS = st.sampled_from(["U.S.", "Inc.", "said.", "...", ".", "\"", "»", "’", "\n", " ", ":", ".-", "AG",
                                  "Kirchen Papst Vatikan", "Economía/Bolsa", "tamponamento sull'A1", "Oil falls"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_HEADLINE_BITS, st.text(max_size=5)), max_size=8).map("".join))
def test_headline_prechecks_agree_with_the_plain_rules(s: str) -> None:
    assert page._ends_with_full_stop(s) == _ends_with_full_stop_plain(s)
    assert page.strip_kicker(s) == _strip_kicker_plain(s)


def test_headline_prechecks_on_examples() -> None:
    for s in ("Oil falls.", "Oil falls U.S.", "He said \"no.\"", "Wait...", "Ends with Inc.", "End.\n", "End.\n\n",
              "No stop", "Economía/Bolsa.- La Bolsa sube un 2 por ciento hoy", "AG: tamponamento sull'A1 oggi",
              "Kirchen Papst Vatikan: Der Papst besucht heute Berlin", "Quote.»", "x.’"):
        assert page._ends_with_full_stop(s) == _ends_with_full_stop_plain(s), s
        assert page.strip_kicker(s) == _strip_kicker_plain(s), s


def test_ascii_lower_is_casefold() -> None:
    """clean_paragraphs keys ASCII paragraphs with lower(): the same as casefold() on every ASCII character."""
    every = "".join(map(chr, range(128)))
    assert every.lower() == every.casefold()
