"""Language detection with py3langid (its model ships in the package), restricted to the
languages wire services file in, on the first few hundred characters of the body."""
from __future__ import annotations

import re
import threading

LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "ru", "tr", "ar", "zh", "ja", "he")
SAMPLE_CHARS = 300  # a few sentences: as accurate as 2,000 chars on news prose, 5x faster (pure-Python DFA walk)
_LETTERS = re.compile(r"[^\W\d_]")

_identifier = None
_lock = threading.Lock()


def _get():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
                ident.set_languages(list(LANGUAGES))
                _identifier = ident
    return _identifier


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text`` or None when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTERS.findall(sample, 0, 120)) < 12:
        return None
    if sample.isupper():
        sample = sample.lower()
    try:
        lang, _score = _get().classify(sample)
    except Exception:  # noqa: BLE001 - detection is best effort
        return None
    return lang
