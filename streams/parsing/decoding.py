"""Bytes or text of a raw dispatch -> clean text.

UTF-8 first (with or without BOM; UTF-16 only with a BOM); otherwise cp1252 when
the bytes 0x80-0x9F it holds are all cp1252 characters, else Latin-1.  Double
encoded UTF-8 (``Ã©``) is repaired.  An HTML page is reduced to its main content
(:mod:`.webpage`).  Wire transmission controls (SOH, STX, ETX,
EOT, SYN ...), their entities (``&#3;``), bidirectional controls (U+202A-U+202E,
U+2066-U+2069, U+200E/F, U+061C) and zero-width characters are removed, HTML entities
decoded;
line ends become ``\\n``.  Input that is not text at all raises
``DispatchError("binary", ...)``.
"""
from __future__ import annotations

import codecs
import html
import re

from ..model import DispatchError
from .webpage import html_to_text, looks_like_html

# Controls a text never has but binary data is full of (wire controls SOH..EOT, SYN, RS, US excluded).
_BAD = re.compile(r"[\x00\x05-\x08\x0e-\x15\x17-\x1d\x7f-\x9f\ud800-\udfff]")
_BAD_BYTES = re.compile(rb"[\x00\x05-\x08\x0e-\x15\x17-\x1d\x7f]")
# Control and format characters no output field may carry: C0/C1 controls, zero-width characters, and the
# bidirectional marks, embeddings, overrides and isolates (U+200E/F, U+202A-U+202E, U+2066-U+2069, U+061C)
# that can make a headline display as something else ("Trojan Source").
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
                       r"\ud800-\udfff\ufffe\uffff]+")
# The characters of plain text: none of them is in _BAD or _CONTROLS, only CR is in _NEWLINES.
_ASCII_PLAIN = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_SPACES = re.compile(r"[\xa0\u2000-\u200a\u202f\u205f\u3000]")
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_C1 = re.compile(rb"[\x80-\x9f]")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_MOJIBAKE = re.compile("[ÃÂâ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def _binary(message: str) -> DispatchError:
    return DispatchError("binary", message)


def _check_text(text: str) -> None:
    n = len(text)
    if not n:
        return
    bad = len(_BAD.findall(text)) if _BAD.search(text) else 0
    if bad and bad * 20 > n:
        raise _binary(f"{bad} of {n} characters are control characters: not text")


def _decode_bytes(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary("the input has a UTF-16 byte order mark but is not UTF-16") from None
    if b"\x00" in data:
        raise _binary("the input contains NUL bytes: not text")
    bad = len(_BAD_BYTES.findall(data))
    if bad * 20 > len(data):
        raise _binary(f"{bad} of {len(data)} bytes are control bytes: not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    c1 = set(_C1.findall(data))
    if c1 and not any(b[0] in _CP1252_UNDEFINED for b in c1):
        return data.decode("cp1252")
    return data.decode("latin-1")


def _fix_mojibake(text: str) -> str:
    """UTF-8 read as cp1252/Latin-1 (``FranÃ§ais``): undo it when that decodes cleanly."""
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        try:
            fixed = text.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return text
    return fixed


def decode(data: bytes | str) -> str:
    """Decode and clean one raw dispatch (see the module docstring).  Raises only DispatchError."""
    if data is None:
        return ""
    if isinstance(data, (bytes, bytearray, memoryview)):
        text = _decode_bytes(bytes(data))
    elif isinstance(data, str):
        text = data
    else:
        raise DispatchError("invalid_envelope", f"dispatch text must be str or bytes, got {type(data).__name__}")
    # Plain text (ASCII printable characters, tab, LF, CR: most wire copy) has no character _BAD or
    # _CONTROLS match, and none of _NEWLINES but CR: their regexes are skipped for it (a C-speed
    # deletion of the plain characters instead); the result is the same.
    plain = text.isascii() and not text.encode("ascii").translate(None, _ASCII_PLAIN)
    if not plain:
        _check_text(text)
    if not text.isascii() and _MOJIBAKE.search(text):  # (both patterns hold only non-ASCII characters)
        text = _fix_mojibake(text)
    if looks_like_html(text):
        text = html_to_text(text)
        plain = False
    if "&" in text:
        text = html.unescape(text)
        plain = False
    if "\r" in text or (not plain and _NEWLINES.search(text)):
        text = _NEWLINES.sub("\n", text)  # (plain text stays plain: CR and CR LF become LF)
    if not plain:
        text = _CONTROLS.sub("", text)
    if "\t" in text:
        text = text.replace("\t", "    ")
    if not text.isascii():
        text = _SPACES.sub(" ", text)
    return text
