"""One load of jieba's dictionary per process, shared by every tokenizer we make.

The metrics pipeline needs a tokenizer with our user words (extractor.nlp.lexicon); the
indicator-type classifier needs one without them, so that the words it was trained on never
change (extractor.indicators.classify). Each used to load the dictionary itself (about 0.4 s
each at worker start); now both copy the word table of one loaded tokenizer (a few ms).
"""

from __future__ import annotations

import functools
import logging
from typing import Any


@functools.lru_cache(maxsize=1)
def _loaded() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def fresh_tokenizer() -> Any:
    """A new jieba tokenizer with the stock dictionary, ready to use; words added to it
    (``add_word``) stay in it, never in another tokenizer or in jieba's global one."""
    import jieba

    base = _loaded()
    tok = jieba.Tokenizer()
    tok.FREQ = dict(base.FREQ)
    tok.total = base.total
    tok.initialized = True
    return tok
