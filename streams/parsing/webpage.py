"""Dispatches that arrive as HTML: the page's main content, as text, before the usual steps.

The main content (title and article text, without navigation, cookie banners, share
boxes, comments and footers) is extracted by trafilatura (maintained, Apache-2.0,
pure Python on lxml, the best-scoring open extractor in the published
comparisons, and it returns the page title separately).  The title becomes the first
line, the paragraphs follow one per line, and the text goes through the very same
steps as any dispatch (page furniture, headline, dateline, lead).  When trafilatura
finds nothing (a fragment with too little text), tags are stripped instead: markup is
never kept.
"""
from __future__ import annotations

import html as _html
import re

_START = re.compile(r"\s*(?:<!--.*?-->\s*)?<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_TAG = re.compile(r"</?(?:p|div|br|span|a|h[1-6]|article|section|figure|figcaption|img|ul|ol|li|table|tr|td|"
                  r"strong|em|b|i|script|style|meta|link|nav|header|footer|main|aside|blockquote)\b[^<>]{0,2000}>", re.I)
_DROP = re.compile(r"<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = re.compile(r"<(?:/?(?:p|div|h[1-6]|li|ul|ol|tr|table|article|section|header|footer|figure|figcaption|"
                    r"blockquote|main|aside|nav|title)|br\s*/?)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLANKS = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def looks_like_html(text: str) -> bool:
    """A whole page (``<!DOCTYPE html>``, ``<html>``) or a fragment with several block tags."""
    head = text[:5000]
    if "<" not in head:
        return False
    if _START.match(head):
        return True
    # (The closing tags counted first: a C scan, and copy with "<" but no "</" is common, "<DF>" tickers.)
    return head.count("</") >= 2 and len(_TAG.findall(head)) >= 4


def _strip_tags(text: str) -> str:
    text = _DROP.sub(" ", text)
    text = _BLOCK.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = _html.unescape(text)
    return _BLANKS.sub("\n\n", text).strip()


def html_to_text(text: str) -> str:
    """The main content of an HTML page as plain text: title, blank line, one paragraph a line."""
    title = body = None
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(text, include_comments=False, include_tables=False, include_images=False,
                                          include_links=False, with_metadata=True)
        if doc is not None:
            title = (getattr(doc, "title", None) or "").strip() or None
            body = (getattr(doc, "text", None) or "").strip() or None
    except Exception:  # noqa: BLE001 - an extractor failure must not lose the dispatch: strip tags instead
        title = body = None
    if not body:
        stripped = _strip_tags(text)
        m = re.search(r"<title\b[^>]*>(.*?)</title\s*>", text[:20000], re.I | re.S)
        if m and not title:
            title = " ".join(_html.unescape(_ANY_TAG.sub("", m.group(1))).split()) or None
        body = stripped
        if title and body.startswith(title):
            body = body[len(title):].lstrip()
    # Whatever the extractor kept, no markup goes further; one paragraph a line becomes blank-line separated.
    body = _ANY_TAG.sub("", body) if "<" in body else body
    body = _BLANKS.sub("\n\n", body.replace("\n", "\n\n"))
    if title:
        title = _ANY_TAG.sub("", title)
        if body.startswith(title):
            return body
        return title + "\n\n" + body
    return body
