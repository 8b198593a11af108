"""Text → the tokens the full-text index holds, the same way for documents and queries.

SQLite's tokenizers do not segment Chinese: ``unicode61`` reads a run of Han characters as one
token (a search for 专利 finds nothing inside 有效发明专利), ``trigram`` misses 2-character
words, and jieba segments a query and the text it should find differently (2 of 10 test
queries missed; FACTS.md, "Search and scale"). Overlapping 2-character tokens, searched as a
phrase, found every relevant sentence with no false positives. So a Han run becomes its
bigrams (有效发明 → 有效 效发 发明) and its last character alone, which lets a one-character
query match as a prefix; Latin letters and digits stay words for ``unicode61`` to split,
but a figure stays one word (``_figures``): a search for 增长5% must find neither 增长5.8% nor
增长5亿元.
"""

from __future__ import annotations

import unicodedata

import regex

_HAN_RUN = regex.compile(r"\p{Han}+")

# Version of the tokens below, kept in the archive (PRAGMA user_version): an archive indexed with
# other tokens is indexed again from its records when opened (store.connect). 2: figures.
# 3: a metric's subject is searched with its sentence (store.record_to_index_text).
TOKENS_VERSION = 3
_THOUSANDS = regex.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_POINT = regex.compile(r"(?<=\d)\.(?=\d)")


def _figures(text: str) -> str:
    """Figures as unicode61 keeps them whole: 15,873,800.00 → 15873800d00, 6.5% → 6d5 pct
    (unicode61 splits at , . and %, so 5 would match inside 5.8, and % would not count)."""
    text = _DECIMAL_POINT.sub("d", _THOUSANDS.sub("", text))
    return text.replace("%", " pct ")


def text_to_tokens(text: str) -> str:
    """Space-separated index tokens of ``text`` (NFKC; Han runs as bigrams)."""
    text = unicodedata.normalize("NFKC", text or "")
    parts: list[str] = []
    pos = 0
    for match in _HAN_RUN.finditer(text):
        parts.append(_figures(text[pos : match.start()]))
        parts.append(" ".join(_han_tokens(match.group())))
        pos = match.end()
    parts.append(_figures(text[pos:]))
    return " ".join(" ".join(parts).split())


def _han_tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def query_to_match(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query, or None when it holds nothing to search.

    Words separated by spaces must all occur (AND); each word is a phrase of its tokens, so
    有效发明专利 matches that string and not its characters scattered. A lone Han character
    matches as a prefix (专 → 专利, 专项, and 专 at the end of a run).
    """
    terms = []
    for word in unicodedata.normalize("NFKC", query or "").split():
        tokens = _word_tokens(word)
        if not tokens:
            continue
        phrase = '"' + " ".join(tokens) + '"'
        # A word ending in a lone Han character (专, A股): the text may go on with another
        # Han character there (专利, A股市场), whose bigram starts with it.
        terms.append(
            phrase + "*" if _HAN_RUN.fullmatch(tokens[-1]) and len(tokens[-1]) == 1 else phrase
        )
    return " AND ".join(terms) if terms else None


def _word_tokens(word: str) -> list[str]:
    # A query word holds Han runs as bigrams and Latin/digit pieces as words; FTS5 phrase syntax
    # allows no quotes. A run the word goes on after (交通运输、仓储和邮政业, 增长5%) keeps the
    # trailing single the index gives every run; the word's last run does not (it would demand
    # the run end there).
    out: list[str] = []
    pos = 0
    for match in _HAN_RUN.finditer(word):
        out += _plain(word[pos : match.start()])
        run = match.group()
        out += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
        if len(run) > 1 and (_HAN_RUN.search(word, match.end()) or _plain(word[match.end() :])):
            out.append(run[-1])
        pos = match.end()
    out += _plain(word[pos:])
    return out


def _plain(text: str) -> list[str]:
    # What unicode61 would keep of a non-Han piece: letters and digits, split at the rest.
    return regex.findall(r"[\p{L}\p{N}]+", _figures(text).lower())
