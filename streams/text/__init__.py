"""Text helpers shared by every stage (pure, no I/O): see :mod:`streams.text.fold`."""
from .fold import (APOSTROPHES, HYPHENS, Token, fold, fold_key, loose_fold, tokens, word_list, words)

__all__ = ["APOSTROPHES", "HYPHENS", "Token", "fold", "fold_key", "loose_fold", "tokens", "word_list", "words"]
