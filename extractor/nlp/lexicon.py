"""The NLP stage's data: the jieba user dictionary and the linker's word lists (data/nlp/*.tsv)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import jieba

from extractor.datafiles import data_rows
from extractor.jieba_base import fresh_tokenizer


def tsv_rows(name: str) -> list[list[str]]:
    """Rows of a data/nlp file; lines starting with # are its documented header."""
    return data_rows("nlp", name)


@dataclass(frozen=True)
class Lexicon:
    qualifiers: dict[str, str] = field(default_factory=dict)
    lead: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    stops: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    deny_units: frozenset[str] = frozenset()
    attributes: frozenset[str] = frozenset()
    owned: frozenset[str] = frozenset()
    carried: frozenset[str] = frozenset()
    elided: frozenset[str] = frozenset()
    named_actions: frozenset[str] = frozenset()
    # Words opening the purpose of allocated money, longest first, each with whether it is
    # left out of the subject (用于, 支持) or stays in it (推动).
    purposes: tuple[tuple[str, bool], ...] = ()
    # Official names holding a 、 (交通运输、仓储和邮政业), each with the offsets of its 、 marks.
    comma_names: tuple[tuple[str, tuple[int, ...]], ...] = ()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    by_role: dict[str, set[str]] = {}
    qualifiers: dict[str, str] = {}
    purposes: dict[str, bool] = {}
    for word, role, value in tsv_rows("lexicon.tsv"):
        by_role.setdefault(role, set()).add(word)
        if role == "qualifier":
            qualifiers[word] = value
        elif role == "purpose":
            purposes[word] = value == "drop"
    return Lexicon(
        qualifiers=qualifiers,
        lead=frozenset(by_role.get("lead", ())),
        verbs=frozenset(by_role.get("verb", ())),
        links=frozenset(by_role.get("link", ())),
        stops=frozenset(by_role.get("stop", ())),
        targets=frozenset(by_role.get("target", ())),
        deny_units=frozenset(by_role.get("deny_unit", ())),
        attributes=frozenset(by_role.get("attribute", ())),
        owned=frozenset(by_role.get("owned", ())),
        carried=frozenset(by_role.get("carried", ())),
        elided=frozenset(by_role.get("elided", ())),
        named_actions=frozenset(by_role.get("named_action", ())),
        purposes=tuple(sorted(purposes.items(), key=lambda item: -len(item[0]))),
        comma_names=tuple(
            (name, tuple(i for i, ch in enumerate(name) if ch == "、"))
            for name, _source in data_rows("nlp", "comma_names.tsv", header=True)
        ),
    )


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer with our user words (the global ``jieba`` is left alone)."""
    tok = fresh_tokenizer()
    for word, freq, tag in tsv_rows("user_dict.tsv"):
        tok.add_word(word, int(freq), tag)
    for word in lexicon().qualifiers:
        tok.add_word(word, 50000)
    return tok


def segment(text: str) -> list[str]:
    """jieba tokens of ``text`` (HMM off: new words come from the user dictionary, not guesses)."""
    return list(_segment(text))


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    # The linker asks again for the same topic or noun phrase while it tries its rules.
    return tuple(tokenizer().lcut(text, HMM=False))


def forget_segments() -> None:
    """Empty the segmentation memory (benchmarks time a cold run)."""
    _segment.cache_clear()
