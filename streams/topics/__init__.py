"""Topic tagging: IPTC Media Topics, multilingual, explainable (issue 5).

Each dispatch is matched in one pass of an Aho-Corasick automaton built from hand-written
lexicons (``lexicons/*.yml``: weighted terms per topic and language), scored (headline and
lead count more, specific terms weigh more, negative evidence subtracts), thresholded, and
reduced to the most specific topics; codes the agency sent (IPTC Subject Codes or Media
Topics) are mapped through the taxonomy and merged with ``source: "agency"``.

The taxonomy is IPTC Media Topics NewsCodes (c) IPTC, CC BY 4.0 (see ``data/NOTICE``).
"""
from __future__ import annotations

from typing import Any, Iterable

from ..model import ParsedDispatch
from .taxonomy import Taxonomy, load_taxonomy

# ``tagger.tag``, imported on the first call (importing the package stays light: no automaton
# library); kept here because an import statement per dispatch costs ~2 % of topic tagging
_TAG: Any = None


def tag_topics(parsed: ParsedDispatch, subjects: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Return topics ``[{code, label, label_local, score, evidence, source}]``, best first.

    ``code`` is a Media Topic (``medtop:NNNNNNNN``); only the most specific topics are given
    (their ancestors are implied); ``label`` is English, ``label_local`` the name in the
    dispatch language when the taxonomy has one; ``score`` is in [0, 1]; ``evidence`` lists
    the matched terms; ``source`` is ``"lexicon"`` or ``"agency"``.  A lexicon topic confirmed
    by a broader agency code gets a higher score and ``agency_code`` (that code).

    ``subjects`` are the envelope's agency codes: IPTC Subject Codes (``subj:04006000``,
    ``04006000`` or the NewsCodes URI) or Media Topics (``medtop:20000639``); unknown codes
    are ignored, retired ones map to their nearest active ancestor.
    """
    global _TAG
    if _TAG is None:
        from .tagger import tag as _TAG
    return _TAG(parsed, subjects)


__all__ = ["tag_topics", "load_taxonomy", "Taxonomy"]
