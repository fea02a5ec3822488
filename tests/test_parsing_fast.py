"""Fast paths of the parser (fourth speed pass) pinned against the plain rule they stand for.

Each fast path must give the same answer as the slow form on every input: examples built from the rule
vocabulary, their near misses, and random text (hypothesis).
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing import page
from test_speed_parsing_body import _join_reference  # the plain unwrapping both pins compare against
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


# -- paragraphs: the unwrapping without a split into words when a text is single-spaced already ---------------------

_WS_BITS = st.sampled_from([" ", "  ", "\n", "\t", "\xa0", "\u2028", "\x1c", "\x85", "\u3000", "-", "anti-", "word",
                            "Wort", "é", ".", ""])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_WS_BITS, st.text(max_size=4)), max_size=10).map("".join))
def test_single_spaced_is_split_and_join(t: str) -> None:
    from streams.parsing.body import _single_spaced

    assert _single_spaced(t) == " ".join(t.split())


def test_only_the_space_is_both_printable_and_whitespace() -> None:
    """Why _single_spaced may trust isprintable(): no other separator of str.split() is printable."""
    import sys

    assert [c for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c).isprintable()] == [0x20]


def _build_paragraphs_plain(lines: list[str]) -> list[str]:
    """build_paragraphs as it was before the fourth speed pass."""
    indents = [len(line) - len(line.lstrip(" ")) if line else -1 for line in lines]
    nonblank = [ind for line, ind in zip(lines, indents) if line and ind < len(line)]
    if not nonblank:
        return []
    base = min(nonblank)
    lens = [len(line) for line in lines if line.strip()]
    width = max(lens)
    line_mode = sum(1 for n in lens if n > 120) * 3 > len(lens)
    indented = any(ind - base >= 2 for ind in nonblank)
    short_break = not indented and not line_mode
    paras: list[str] = []
    cur: list[str] = []
    prev_short_end = False
    for line, ind in zip(lines, indents):
        s = line.strip()
        if not s:
            if cur:
                paras.append(_join_reference(cur))
                cur = []
            continue
        new = (not cur or line_mode or ind - base >= 2 or prev_short_end)
        if new and cur:
            paras.append(_join_reference(cur))
            cur = []
        cur.append(s)
        prev_short_end = short_break and len(line.rstrip()) < 0.7 * width and bool(
            re.search(r"[.!?][\"'»”’)]?$", s))
    if cur:
        paras.append(_join_reference(cur))
    return paras


def _outcome(f, lines):
    """The result, or the exception's type (a line of whitespace that is not a space raises the same in both)."""
    try:
        return f(list(lines))
    except Exception as e:  # noqa: BLE001
        return type(e)


_LINE_BITS = st.sampled_from(["", " ", "    ", "  ", "\t", "The talks", "ended.", "anti-", "nuclear", "said:", "x" * 130,
                              "\xa0", "é", "- ", "  Wrapped", "(Reuters)", "\u2028"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.one_of(_LINE_BITS, st.text(max_size=3)), max_size=5).map("".join), max_size=12))
def test_build_paragraphs_as_before(lines: list[str]) -> None:
    from streams.parsing.body import _join, build_paragraphs

    assert _outcome(build_paragraphs, lines) == _outcome(_build_paragraphs_plain, lines)
    if lines:
        assert _join(lines) == _join_reference(lines)


def test_build_paragraphs_on_wire_layouts() -> None:
    from streams.parsing.body import build_paragraphs

    layouts = [
        ["    LONDON, March 3 - The talks ended on Tuesday with no", "agreement on the price, a spokesman", "said.",
         "    He said the next round would start in anti-", "nuclear talks.", "", "    REUTER"],
        ["Un paragraphe court.", "Un autre paragraphe qui continue sur", "la ligne suivante.", "", "Fin."],
        ["x" * 130, "y" * 125, "short", "", "  z"],
    ]
    for lines in layouts:
        assert build_paragraphs(list(lines)) == _build_paragraphs_plain(list(lines))


# -- datelines: memoised helpers -----------------------------------------------------------------------------------

def _resolve_plain(month: int, day: int, year, received_at):
    from datetime import date

    if year is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if received_at is None:
        return None
    ref = received_at.date()
    best = None
    for y in (ref.year, ref.year - 1, ref.year + 1):
        try:
            cand = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - ref).days) < abs((best - ref).days):
            best = cand
    return best.isoformat() if best else None


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 12), st.integers(1, 31), st.one_of(st.none(), st.integers(1990, 2030)),
       st.one_of(st.none(), st.datetimes(min_value=__import__("datetime").datetime(1980, 1, 1),
                                         max_value=__import__("datetime").datetime(2040, 12, 31))))
def test_resolve_date_as_before(month, day, year, received_at) -> None:
    from streams.parsing.dateline import resolve_date

    assert resolve_date(month, day, year, received_at) == _resolve_plain(month, day, year, received_at)
    assert resolve_date(month, day, year, received_at) == _resolve_plain(month, day, year, received_at)  # memoised


# -- headlines ---------------------------------------------------------------------------------------------------

def test_str_split_whitespace_is_the_regex_whitespace() -> None:
    """_split_tags collapses whitespace with " ".join(text.split()) instead of re.sub(r"\\s+", " ", text).strip():
    the same characters on every code point."""
    import sys

    assert [c for c in range(sys.maxunicode + 1) if (re.fullmatch(r"\s", chr(c)) is not None) != chr(c).isspace()] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WS_BITS, st.sampled_from(["UPDATE 2-", "Factbox:", "FACTBOX: ", ":", "(REFILE)"]),
                          st.text(max_size=4)), max_size=8).map("".join))
def test_whitespace_collapse_as_the_regex(t: str) -> None:
    assert " ".join(t.split()) == re.sub(r"\s+", " ", t).strip()


# -- line classification: pre-checks before the page expressions ---------------------------------------------------

_PAGE_BITS = st.sampled_from(["Home", "home > ", " > ", "›", "»", "/", " /", "|", "www.", "https://", "site.com", "[a.org]",
                              "5 min read", "12 comments", "Reading time", "Temps de lecture", ".", ":", " ", "Photo",
                              "© AFP", "getty", ".jpg", "crédit", "İ", "K", "World News"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_PAGE_BITS, st.text(max_size=4)), max_size=8).map("".join))
def test_classify_prechecks_agree_with_the_searches(s: str) -> None:
    assert bool(page._BREADCRUMB_MARK(s) and page._BREADCRUMB.search(s)) == bool(page._BREADCRUMB.search(s))
    assert bool(("." in s or "://" in s) and page._LINK.search(s)) == bool(page._LINK.search(s))
    assert bool(page._COUNTER.match(s)) == bool(page._COUNTER.search(s))
    low = s.lower()
    assert bool(page._CAPTION_HINT(low)) == any(h in low for h in page._CAPTION_HINTS)


def test_classify_prechecks_on_examples() -> None:
    for s in ("Home > World > Europe", "News / ", "Accueil | Monde", "www.example.com", "http://x.y", "example.de/news",
              "[example.org]", "5 min read", "3 minutes de lecture", "Reading time 4 minutes", "Photo: AFP",
              "image.jpg", "A plain headline", "© Reuters 2016"):
        assert bool(page._BREADCRUMB_MARK(s) and page._BREADCRUMB.search(s)) == bool(page._BREADCRUMB.search(s)), s
        assert bool(("." in s or "://" in s) and page._LINK.search(s)) == bool(page._LINK.search(s)), s
        assert bool(page._COUNTER.match(s)) == bool(page._COUNTER.search(s)), s
        assert bool(page._CAPTION_HINT(s.lower())) == any(h in s.lower() for h in page._CAPTION_HINTS), s


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_word_fold_memo_is_loose_fold(w: str) -> None:
    assert page._FOLD[w] == page.loose_fold(w)
    assert page._FOLD[w] == page.loose_fold(w)  # from the memo


def test_no_letter_is_a_digit() -> None:
    """_date_only skips the digit scan of a word of letters: no character is both."""
    import sys

    assert [c for c in range(sys.maxunicode + 1) if chr(c).isalpha() and chr(c).isdigit()] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(sorted(RULES.see_also) + _SEE_ALSO + ["\n", " ", "*", "-", "•", ":", "..."]),
                          st.text(max_size=5)), max_size=6).map("".join))
def test_see_also_line_test_is_the_match(t: str) -> None:
    assert (RULES.see_also_test(t) is not None) == (RULES.see_also_re.match(t) is not None)


def test_see_also_line_test_on_the_vocabulary() -> None:
    for phrase in sorted(RULES.see_also):
        for e in _near_misses(phrase):
            for t in (e, e + ": Story", " * " + e + "...", "x" + e):
                assert (RULES.see_also_test(t) is not None) == (RULES.see_also_re.match(t) is not None), t


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["VERS LA FORMATION", " BRUXELLES", " (Reuters)", " - ", "(", ")", " ", "AFP",
                                           "La ", "ÉLECTIONS"]), st.text(max_size=4)), max_size=8).map("".join))
def test_inline_dateline_needs_a_parenthesis(s: str) -> None:
    """match_inline_dateline searches _INLINE only in a line with "(": it cannot match without one."""
    from streams.parsing.dateline import _INLINE

    if "(" not in s:
        assert _INLINE.search(s) is None


def test_trail_code_read_backwards_on_agencies_of_several_words() -> None:
    for t in ("said. Associated  Press.", "said.\tPress Association ", "said, Associated Press", "(Agência Brasil)",
              "ended. (AGENCE FRANCE-PRESSE).", "ended. Agence France Presse\n", "ended. France Presse"):
        for tail in (t, t[-60:], "x" * 70 + t):
            assert bool(page._TRAIL_CODE_TEST(tail[-60:])) == (page._TRAIL_CODE.search(tail[-60:]) is not None), tail


# -- the sign-off glued to the last line: a look at its last 13 characters first ----------------------------------

_SIGNOFF_PIECES = st.sampled_from(["Reuter", "REUTERS", "Reuters", "AFP", "DPA", "dpa", "EFE", "ANSA", "AP", "^M", ".",
                                   "\"", ")", "]", "»", "”", " ", "  ", "\n", "-", "...", "said.", "x", "Ap"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_SIGNOFF_PIECES, st.text(max_size=3)), max_size=10).map("".join))
def test_inline_signoff_needs_an_agency_in_the_last_characters(t: str) -> None:
    from streams.parsing import body

    if body._INLINE_SIGNOFF.search(t) is not None:
        assert body._may_end_with_signoff(t), t


def test_inline_signoff_longest_ending_passes_the_pre_check() -> None:
    from streams.parsing import body

    t = "the end. REUTERS.-.^M\n"
    assert body._INLINE_SIGNOFF.search(t) is not None and body._may_end_with_signoff(t)
